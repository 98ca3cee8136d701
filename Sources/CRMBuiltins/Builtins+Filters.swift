import CRMCore

extension Builtins {
    static func filterCommands() -> [Command] { [whereCommand, each, select, get, uniq, sortBy, reverse, flatten] }

    static let people = "echo [{name: \"Ann\", age: 30}, {name: \"Bob\", age: 17}]"

    static let whereCommand = Command(
        CommandSpec(
            "where", group: "filters", summary: "Keeps the items for which a condition is true.",
            parameters: [
                ParameterSpec(
                    "condition", .block,
                    "A condition up to the next '|'; bare names left of a comparison are fields of the item, $it the "
                        + "item, ( … ) a pipeline (where d < (now)). Or a block: where { $it.age >= 18 }.")
            ],
            examples: [
                "\(people) | where age >= 18", "\(people) | where { $it.age >= 18 and $it.name != Bob }",
                "range 1 5 | where $it == (echo 3 | into int)",
            ], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let block = try block(args, for: "where", at: ctx.location)
        let box = ContextBox(ctx)
        let fields = ctx.predicateFields(block)
        guard !fields.isEmpty else {
            return try await PipelineShape.apply(input) { s in
                s.filtered { v, _ in try await box.context.evaluatePredicate(block, it: v) }
            }
        }
        return try await PipelineShape.apply(input) { s in
            s.wrapping(keepsColumns: true) { up in
                var watch = MissingFieldWatch(fields)
                var warned = false
                return RecordCursor(readAhead: up.readAhead, onClose: { up.close() }) {
                    while let v = try await up.next() {
                        watch.see(v)
                        if try await box.context.evaluatePredicate(block, it: v) { return v }
                    }
                    if !warned, let text = watch.warning { box.context.notice(text) }
                    warned = true
                    return nil
                }
            }
        }
    }

    static let each = Command(
        CommandSpec(
            "each", group: "filters", summary: "Runs a block for each item ($it) and outputs what each run outputs.",
            parameters: [ParameterSpec("block", .block, "The block to run; $it is the item, also its input.")],
            examples: ["range 1 3 | each { echo \"item $it\" }", "\(people) | each { echo \"hi ${it.name}\" }"],
            acceptsInput: true)
    ) { args, input, ctx in
        let block = try block(args, for: "each", at: ctx.location)
        let box = ContextBox(ctx)
        return try await PipelineShape.apply(input) { s in
            s.compactMapped { v, _ in
                switch try await box.context.runBlock(block, it: v, input: .value(v)) {
                case .empty: return nil
                case .value(let out): return out
                case .stream(let out): return .list(try await out.collectAll())
                }
            }
        }
    }

    /// `select field…`. Unlike `get`, a missing field becomes null: API records are sparse, and a
    /// table of selected columns should show the gap rather than stop.
    static let select = Command(
        CommandSpec(
            "select", group: "filters",
            summary: "Keeps only the named fields of each record, in the order given; a missing field is null.",
            parameters: [ParameterSpec("fields", .string, "Field names or paths (a.b, a[0]).", variadic: true)],
            examples: ["\(people) | select name", "echo {a: {b: 1}, c: 2} | select a.b c"], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let loc = ctx.location
        let paths = try paths(args.strings("fields"), at: loc)
        guard !paths.isEmpty else {
            throw CRMError.usage("missing-argument", "'select' needs at least one field. Usage: select field…", at: loc)
        }
        let columns = paths.map(\.text)
        // An empty list becomes an empty stream that knows its columns, so `save x.csv` and
        // `to csv` still write the header.
        if case .value(.list(let l)) = input, l.isEmpty { return .stream(RecordStream.of([]).withColumns(columns)) }
        return try await PipelineShape.apply(input) { s in
            s.compactMapped { v, n in
                guard case .record = v else { throw typeError("select", needs: "records", got: v, item: n, at: loc) }
                return .record(Record(paths.map { ($0.text, $0.value(in: v) ?? .null) }))
            }.withColumns(columns)
        }
    }

    /// `get path`. A missing field is an error located at the call that names the item and the
    /// nearest key (`Field 'nmae' not found in item 3. Did you mean 'name'?`), on a record and on
    /// every item of a stream alike: a typo must not print a column of nothing. `--ignore-missing`
    /// skips such items instead (and gives null for a single record).
    static let get = Command(
        CommandSpec(
            "get", group: "filters",
            summary: "Outputs a field of a record, or that field of every item (a leading number picks an item).",
            parameters: [ParameterSpec("path", .string, "A field path: name, a.b, a[0], accounts.0.account_id.")],
            flags: [
                FlagSpec("ignore-missing", short: "i", .bool, "Skip items without the field (null for one record).")
            ],
            examples: ["\(people) | get name", "echo {accounts: [{account_id: \"a1\"}]} | get accounts.0.account_id"],
            acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let path = try FieldPath(args.string("path") ?? "", at: loc)
        let ignore = args.bool("ignore-missing")
        // A leading index picks an item of the list or stream itself, as in `get 0.name`.
        if case .index(let i)? = path.segments.first {
            let rest = path.segments.count > 1 ? FieldPath(dropFirstOf: path) : nil
            let item: Value?
            switch input {
            case .value(.list(let l)):
                let j = i < 0 ? l.count + i : i
                item = j >= 0 && j < l.count ? .some(l[j]) : .none
                if case .none = item, !ignore { _ = try path.lookup(in: .list(l), at: loc) }
            case .stream(let s) where i >= 0:
                item = try await s.dropping(i).prefix(1).collectAll().first
                if case .none = item, !ignore {
                    throw CRMError.runtime("bad-index", "Index \(i) is out of range for the stream.", at: loc)
                }
            case .stream(let s):
                let l = try await s.collectAll()
                let j = l.count + i
                item = j >= 0 ? .some(l[j]) : .none
                if case .none = item, !ignore { _ = try path.lookup(in: .list(l), at: loc) }
            default:
                return try await getEach(path, input, ignore: ignore, at: loc)
            }
            guard let item else { return .value(.null) }
            guard let rest else { return .value(item) }
            if ignore { return .value(rest.value(in: item) ?? .null) }
            return .value(try rest.lookup(in: item, at: loc))
        }
        return try await getEach(path, input, ignore: ignore, at: loc)
    }

    private static func getEach(_ path: FieldPath, _ input: PipelineData, ignore: Bool, at loc: SourceLocation?)
        async throws -> PipelineData
    {
        if case .value(let v) = input, v.listValue == nil {
            if v.isNull { return .empty }
            return .value(ignore ? (path.value(in: v) ?? .null) : try path.lookup(in: v, at: loc))
        }
        return try await PipelineShape.apply(input) { s in
            s.compactMapped { v, n in ignore ? path.value(in: v) : try path.lookup(in: v, item: n, at: loc) }
        }
    }

    static let uniq = Command(
        CommandSpec(
            "uniq", aliases: ["unique"], group: "filters", summary: "Drops repeated items, keeping the first of each.",
            flags: [FlagSpec("by", .string, "Compare only this field (path) of each item.")],
            examples: ["echo [1, 2, 1, 3, 2] | uniq", "\(people) | uniq --by age"], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let by = try args.string("by").map { try FieldPath($0, at: ctx.location) }
        return try await PipelineShape.apply(input) { s in
            s.wrapping { up in
                var seen = Set<Value>()
                return RecordCursor(onClose: { up.close() }) {
                    while let v = try await up.next() {
                        let key = by.map { $0.value(in: v) ?? .null } ?? v
                        if seen.insert(key).inserted { return v }
                    }
                    return nil
                }
            }
        }
    }

    static let sortBy = Command(
        CommandSpec(
            "sort-by", aliases: ["sort"], group: "filters",
            summary: "Sorts the items (stable) by the given fields, or by themselves when none is given.",
            parameters: [
                ParameterSpec(
                    "fields", .string, "Field names or paths to sort by, most important first.", variadic: true)
            ],
            flags: [FlagSpec("reverse", short: "r", .bool, "Sort in descending order (ties keep their order).")],
            examples: ["\(people) | sort-by age", "echo [3, 1, 2] | sort --reverse"], acceptsInput: true
        ).streamFilter()
    ) { args, input, ctx in
        let paths = try paths(args.strings("fields"), at: ctx.location)
        let reverse = args.bool("reverse")
        let items = try await PipelineShape.items(input)
        let keyed = items.enumerated().map { n, v in
            (n, v, paths.isEmpty ? [v] : paths.map { $0.value(in: v) ?? .null })
        }
        let sorted = keyed.sorted { a, b in
            for (x, y) in zip(a.2, b.2) {
                let c = ValueOrder.compare(x, y)
                if c != 0 { return reverse ? c > 0 : c < 0 }
            }
            return a.0 < b.0
        }
        return .value(.list(sorted.map(\.1)))
    }

    static let reverse = Command(
        CommandSpec(
            "reverse", group: "filters", summary: "Outputs the items in reverse order (a string or a record reversed).",
            examples: ["range 1 3 | reverse"], acceptsInput: true
        ).streamFilter()
    ) { _, input, _ in
        switch input {
        case .value(.string(let s)): return .value(.string(String(s.reversed())))
        case .value(.record(let r)): return .value(.record(Record(r.fields.reversed().map { ($0.key, $0.value) })))
        case .value(let v) where v.listValue == nil: return input
        default: return .value(.list(try await PipelineShape.items(input).reversed()))
        }
    }

    static let flatten = Command(
        CommandSpec(
            "flatten", group: "filters", summary: "Replaces each item that is a list by its elements (one level).",
            examples: ["echo [[1, 2], [3], 4] | flatten"], acceptsInput: true
        ).streamFilter()
    ) { _, input, _ in
        if case .value(let v) = input, v.listValue == nil { return input }
        return try await PipelineShape.apply(input) { $0.flattened() }
    }
}

extension FieldPath {
    /// The path without its first segment (for `get 0.name`: `name`).
    init(dropFirstOf path: FieldPath) {
        self.init(segments: Array(path.segments.dropFirst()), text: path.text)
    }
}
