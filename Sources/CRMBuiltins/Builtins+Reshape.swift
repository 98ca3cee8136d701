import CRMCore

extension Builtins {
    static func reshapeCommands() -> [Command] { [reject, rename, defaultField, countBy] }

    static let reject = Command(
        CommandSpec(
            "reject", group: "filters", summary: "Removes the named fields from each record (missing ones are ignored).",
            parameters: [ParameterSpec("fields", .string, "The field names to remove.", variadic: true)],
            examples: ["echo {name: \"Ann\", tags: [], age: 30} | reject tags age"], acceptsInput: true)
    ) { args, input, ctx in
        let names = Set(args.strings("fields"))
        guard !names.isEmpty else {
            throw CRMError.usage("missing-argument", "'reject' needs at least one field. Usage: reject field…", at: ctx.location)
        }
        return try await records(input, "reject", ctx.location) { r in
            Record(r.fields.filter { !names.contains($0.key) }.map { ($0.key, $0.value) })
        }
    }

    static let rename = Command(
        CommandSpec(
            "rename", group: "filters", summary: "Renames a field of each record, keeping its place.",
            parameters: [
                ParameterSpec("old", .string, "The field's name."), ParameterSpec("new", .string, "Its new name."),
            ],
            examples: ["echo {name: \"Ann\", age: 30} | rename name full_name"], acceptsInput: true)
    ) { args, input, ctx in
        let old = args.string("old") ?? ""
        let new = args.string("new") ?? ""
        return try await records(input, "rename", ctx.location) { r in
            guard r[old] != nil else { return r }
            let kept = r.fields.filter { $0.key != new || $0.key == old }
            return Record(kept.map { ($0.key == old ? new : $0.key, $0.value) })
        }
    }

    static let defaultField = Command(
        CommandSpec(
            "default", group: "filters", summary: "Sets a field of each record to a value where it is missing or null.",
            parameters: [
                ParameterSpec("field", .string, "The field's name."), ParameterSpec("value", .any, "The value to set."),
            ],
            examples: ["echo [{name: \"Ann\"}, {name: null}] | default name \"(none)\""], acceptsInput: true)
    ) { args, input, ctx in
        let field = args.string("field") ?? ""
        let value = args.value("value") ?? .null
        return try await records(input, "default", ctx.location) { r in
            var r = r
            if r[field] == nil || r[field] == .null { r[field] = value }
            return r
        }
    }

    static let countBy = Command(
        CommandSpec(
            "count-by", group: "filters",
            summary: "Counts equal items (or equal values of a field): [{value, count}], most frequent first.",
            parameters: [ParameterSpec("field", .string, "The field (path) to count by.", optional: true)],
            examples: ["echo [\"a\", \"b\", \"a\"] | count-by", "\(people) | count-by age"], acceptsInput: true)
    ) { args, input, ctx in
        let path = try args.string("field").map { try FieldPath($0, at: ctx.location) }
        var counts: [Value: Int] = [:]
        var order: [Value] = []
        for (n, v) in try await PipelineShape.items(input).enumerated() {
            let key = try path.map { try $0.lookup(in: v, item: n + 1, at: ctx.location) } ?? v
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += 1
        }
        let sorted = order.enumerated().sorted { a, b in
            let (x, y) = (counts[a.element] ?? 0, counts[b.element] ?? 0)
            return x != y ? x > y : a.offset < b.offset
        }
        return .value(.list(sorted.map { .record(Record([("value", $0.element), ("count", .int(counts[$0.element] ?? 0))])) }))
    }

    /// The input with `f` applied to each record (keeping its shape); a non-record is a type error.
    private static func records(
        _ input: PipelineData, _ name: String, _ loc: SourceLocation?, _ f: @escaping @Sendable (Record) -> Record
    ) async throws -> PipelineData {
        try await mapItems(input) { v, n in
            guard case .record(let r) = v else {
                throw typeError(name, needs: "records", got: v, item: input.isSingle ? nil : n, at: loc)
            }
            return .record(f(r))
        }
    }
}
