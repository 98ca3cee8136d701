import CRMCore

extension Builtins {
    static func recordCommands() -> [Command] { [keys, values, groupBy, merge, append] }

    static let keys = Command(
        CommandSpec(
            "keys", aliases: ["columns"], group: "filters",
            summary: "Outputs the keys of a record, or the union of the keys of a list of records.",
            examples: ["echo {name: \"Ann\", age: 30} | keys"], acceptsInput: true)
    ) { _, input, ctx in
        var rows: [Record] = []
        for (n, v) in try await PipelineShape.items(input).enumerated() {
            guard case .record(let r) = v else {
                throw typeError("keys", needs: "records", got: v, item: input.isSingle ? nil : n + 1, at: ctx.location)
            }
            rows.append(r)
        }
        return .value(.list(TableFormat.unionOfKeys(rows).map(Value.string)))
    }

    static let values = Command(
        CommandSpec(
            "values", group: "filters", summary: "Outputs the values of a record (for a list, of each record).",
            examples: ["echo {name: \"Ann\", age: 30} | values"], acceptsInput: true)
    ) { _, input, ctx in
        let loc = ctx.location
        if case .value(.record(let r)) = input { return .value(.list(r.values)) }
        return try await PipelineShape.apply(input) { s in
            s.compactMapped { v, n in
                guard case .record(let r) = v else {
                    throw typeError("values", needs: "records", got: v, item: n, at: loc)
                }
                return .list(r.values)
            }
        }
    }

    static let groupBy = Command(
        CommandSpec(
            "group-by", group: "filters",
            summary: "Groups the items into a record of lists keyed by a field's value (as text; null is 'null').",
            parameters: [ParameterSpec("field", .string, "The field (path) to group by.")],
            examples: ["\(people) | group-by age"], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let loc = ctx.location
        let path = try FieldPath(args.string("field") ?? "", at: loc)
        var groups = Record()
        for (n, v) in try await PipelineShape.items(input).enumerated() {
            let key = try path.lookup(in: v, item: n + 1, at: loc)
            let text = key.isNull ? "null" : key.displayText
            groups[text] = .list((groups[text]?.listValue ?? []) + [v])
        }
        return .value(.record(groups))
    }

    static let merge = Command(
        CommandSpec(
            "merge", group: "filters", summary: "Sets the fields of a record on the input record (or on each record).",
            parameters: [ParameterSpec("record", .any, "The fields to set, as a record literal.")],
            examples: ["echo {name: \"Ann\"} | merge {age: 30}"], acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        guard case .record(let extra)? = args.value("record") else {
            let got = args.value("record") ?? .null
            throw CRMError.usage("bad-value", "'merge' needs a record argument, got '\(got.typeName)'.", at: loc)
        }
        if input.isEmpty { return .value(.record(extra)) }
        return try await PipelineShape.apply(input) { s in
            s.compactMapped { v, n in
                guard case .record(var r) = v else {
                    throw typeError("merge", needs: "records", got: v, item: n, at: loc)
                }
                for f in extra { r[f.key] = f.value }
                return .record(r)
            }
        }
    }

    static let append = Command(
        CommandSpec(
            "append", group: "filters",
            summary: "Adds a value at the end of the input list or stream (a list argument adds its elements).",
            parameters: [ParameterSpec("value", .any, "The value or list of values to add.")],
            examples: ["range 1 3 | append 4", "echo [1, 2] | append [3, 4]"], acceptsInput: true)
    ) { args, input, _ in
        let value = args.value("value") ?? .null
        let tail = value.listValue ?? [value]
        switch input {
        case .stream(let s): return .stream(s.appending(tail))
        default: return .value(.list(try await PipelineShape.items(input) + tail))
        }
    }
}

extension PipelineData {
    /// Whether this is one non-list value (a record or a scalar), not a list or a stream.
    var isSingle: Bool {
        if case .value(let v) = self { return v.listValue == nil }
        return false
    }
}
