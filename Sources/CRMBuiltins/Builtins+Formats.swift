import CRMCore

extension Builtins {
    static func formatCommands() -> [Command] { [toJSON, toNDJSON, toCSV, toTable, fromJSON, fromNDJSON, fromCSV] }

    static let toJSON = Command(
        CommandSpec(
            "to json", group: "formats",
            summary: "Converts the input to JSON text (indented with two spaces unless --compact).",
            flags: [FlagSpec("compact", short: "c", .bool, "Write all on one line.")],
            examples: ["echo {name: \"Ann\", tags: [\"vip\"]} | to json", "range 1 3 | to json --compact"],
            acceptsInput: true)
    ) { args, input, _ in
        let v = try await collected(input)
        return .value(.string(v.toJSON(pretty: !args.bool("compact"))))
    }

    static let toNDJSON = Command(
        CommandSpec(
            "to ndjson", group: "formats",
            summary: "Converts the input to newline-delimited JSON text, one line per item.",
            examples: ["range 1 3 | to ndjson"], acceptsInput: true)
    ) { _, input, _ in
        let lines = try await PipelineShape.items(input).map { $0.toJSON() }
        return .value(.string(lines.joined(separator: "\n")))
    }

    static let toCSV = Command(
        CommandSpec(
            "to csv", group: "formats",
            summary: "Converts records to CSV text with a header row (the union of their keys).",
            examples: ["\(people) | to csv"], acceptsInput: true)
    ) { _, input, _ in
        let rows = try await asTable(input)
        if rows == .list([]), let columns = input.columns {
            return .value(.string(CSVFormat.lines(rows, columns: columns).joined(separator: "\n")))
        }
        return .value(.string(Renderer.render(rows, as: .csv)))
    }

    static let toTable = Command(
        CommandSpec(
            "to table", group: "formats", summary: "Converts the input to an aligned text table.",
            flags: [FlagSpec("width", short: "w", .int, "The widest the table may be (default 120).")],
            examples: ["\(people) | to table"], acceptsInput: true)
    ) { args, input, _ in
        .value(.string(Renderer.render(try await collected(input), as: .table, width: args.int("width") ?? 120)))
    }

    static let fromJSON = Command(
        CommandSpec(
            "from json", group: "formats", summary: "Parses JSON text (the input, or the argument) into a value.",
            parameters: [ParameterSpec("text", .string, "The JSON text, when not given as input.", optional: true)],
            examples: ["echo '{\"a\": [1, 2]}' | from json", "from json '[1, 2, 3]'"], acceptsInput: true)
    ) { args, input, ctx in
        let text = try args.string("text") ?? inputText(input, for: "from json", at: ctx.location)
        return .value(try parse(text, what: "JSON", at: ctx.location))
    }

    static let fromNDJSON = Command(
        CommandSpec(
            "from ndjson", group: "formats",
            summary: "Parses newline-delimited JSON text into a list (blank lines skipped).",
            parameters: [ParameterSpec("text", .string, "The text, when not given as input.", optional: true)],
            examples: ["echo '{\"a\": 1}' | from ndjson"], acceptsInput: true)
    ) { args, input, ctx in
        let text = try args.string("text") ?? inputText(input, for: "from ndjson", at: ctx.location)
        var out: [Value] = []
        for (n, line) in text.physicalLines.enumerated() {
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty { continue }
            out.append(try parse(trimmed, what: "JSON on line \(n + 1)", at: ctx.location))
        }
        return .value(.list(out))
    }

    static let fromCSV = Command(
        CommandSpec(
            "from csv", group: "formats",
            summary: "Parses CSV text with a header row into a list of records; plain numbers become numbers.",
            parameters: [ParameterSpec("text", .string, "The text, when not given as input.", optional: true)],
            flags: [FlagSpec("no-infer", .bool, "Keep every cell as text.")],
            examples: ["echo \"name,age\\nAnn,30\" | from csv"], acceptsInput: true)
    ) { args, input, ctx in
        let text = try args.string("text") ?? inputText(input, for: "from csv", at: ctx.location)
        try CSVFormat.refuseFileName(text, at: ctx.location)
        return .value(.list(try CSVFormat.records(text, infer: !args.bool("no-infer"), at: ctx.location)))
    }

    /// The input as one value: a stream becomes a list, nothing becomes null.
    private static func collected(_ input: PipelineData) async throws -> Value {
        try await input.collect()
    }

    /// The input as rows for CSV: a record stays a record, anything else becomes a list of items.
    private static func asTable(_ input: PipelineData) async throws -> Value {
        if case .value(.record) = input { return try await input.collect() }
        if case .value(let v) = input, v.listValue == nil { return v }
        return .list(try await PipelineShape.items(input))
    }

    private static func parse(_ text: String, what: String, at loc: SourceLocation?) throws -> Value {
        do {
            return try Value.parseJSON(text)
        } catch {
            if error.isInterrupted { throw CRMError.interrupted }
            throw CRMError.runtime("bad-json", "Invalid \(what) at byte \(error.offset): \(error.message).", at: loc)
        }
    }
}
