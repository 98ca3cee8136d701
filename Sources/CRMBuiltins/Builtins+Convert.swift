import CRMCore

extension Builtins {
    static func convertCommands() -> [Command] {
        [
            into("int", "Converts text, numbers and bools to a whole number (a fraction is cut toward zero).", "\"42\"") {
                v in
                switch v {
                case .int: v
                case .double(let d) where d.isFinite && abs(d) < 9e18: .int(Int(d))
                case .bool(let b): .int(b ? 1 : 0)
                case .string(let s): Int(s.trimmingSpaces).map(Value.int)
                default: nil
                }
            },
            into("float", "Converts text, numbers and bools to a number with a fraction.", "\"2.5\"") { v in
                switch v {
                case .int(let i): .double(Double(i))
                case .double: v
                case .bool(let b): .double(b ? 1 : 0)
                case .string(let s): Double(s.trimmingSpaces).flatMap { $0.isFinite ? .double($0) : nil }
                default: nil
                }
            },
            into("string", "Converts a value to its text (lists and records as compact JSON).", "42") { v in
                .string(v.displayText)
            },
            into("bool", "Converts true/false, yes/no, on/off, 1/0 and numbers to a bool.", "\"yes\"") { v in
                switch v {
                case .bool: v
                case .int, .double: .bool(v.isTruthy)
                case .string(let s):
                    switch s.trimmingSpaces.lowercased() {
                    case "true", "yes", "on", "1": .bool(true)
                    case "false", "no", "off", "0": .bool(false)
                    default: nil
                    }
                default: nil
                }
            },
            into(
                "datetime", "Converts ISO-8601 text (or YYYY-MM-DD) or Unix seconds to a datetime (UTC).",
                "\"2024-03-22T15:30:00Z\""
            ) { v in
                switch v {
                case .datetime: v
                case .string(let s): DateTime.parse(s).map(Value.datetime)
                case .int(let i) where abs(i) < 100_000_000_000: .datetime(i * 1000)
                default: nil
                }
            },
            into("duration", "Converts text like 30d or 45s, or a number of seconds, to a duration.", "\"90m\"") { v in
                switch v {
                case .duration: v
                case .string(let s): DurationText.parse(s.trimmingSpaces).map(Value.duration)
                case .int(let i) where abs(i) < 9_000_000_000_000: .duration(i * 1000)
                default: nil
                }
            },
            toText,
        ]
    }

    /// `into NAME`: converts the input, or each item of a list or stream; a value that does not
    /// convert is a located error naming it (and its item number).
    private static func into(
        _ type: String, _ summary: String, _ example: String, _ f: @escaping @Sendable (Value) -> Value?
    ) -> Command {
        let name = "into \(type)"
        return Command(
            CommandSpec(
                name, group: "formats", summary: summary + " On a list, converts each item.",
                examples: ["\(example) | \(name)"], acceptsInput: true)
        ) { _, input, ctx in
            let loc = ctx.location
            return try await mapItems(input) { v, n in
                guard let out = f(v) else {
                    let what = v.stringValue.map { "'\($0)'" } ?? "a '\(v.typeName)'"
                    let item = input.isSingle ? "" : " (item \(n))"
                    throw CRMError.runtime("convert", "Cannot convert \(what)\(item) to \(type).", at: loc)
                }
                return out
            }
        }
    }

    /// The input with `f` applied to each item, keeping its shape (a stream stays lazy).
    static func mapItems(_ input: PipelineData, _ f: @escaping @Sendable (Value, Int) throws -> Value)
        async throws -> PipelineData
    {
        try await PipelineShape.apply(input) { s in s.compactMapped { v, n in try f(v, n) } }
    }

    static let toText = Command(
        CommandSpec(
            "to text", group: "formats",
            summary: "Converts the input to plain text: one scalar per line, a record as 'key: value' lines.",
            examples: ["echo [\"a\", \"b\"] | to text", "echo {name: \"Ann\", age: 30} | to text"],
            acceptsInput: true)
    ) { _, input, _ in
        let value: Value = input.isSingle ? try await input.collect() : .list(try await PipelineShape.items(input))
        return .value(.string(TextLines.lines(value).joined(separator: "\n")))
    }
}
