import CRMCore

extension Builtins {
    static func coreCommands() -> [Command] { [echo, range, describe, collect] }

    static let echo = Command(
        CommandSpec(
            "echo", group: "core",
            summary: "Outputs its arguments joined by spaces; a single value is output as it is.",
            parameters: [ParameterSpec("words", .any, "The values to output.", variadic: true)],
            examples: ["echo hello world", "echo {name: \"Ann\", age: 30}"])
    ) { args, _, _ in
        let words = args.value("words")?.listValue ?? []
        if words.count == 1, words[0].stringValue == nil { return .value(words[0]) }
        return .value(.string(words.map(\.displayText).joined(separator: " ")))
    }

    static let range = Command(
        CommandSpec(
            "range", group: "core",
            summary: "Streams the whole numbers from A to B inclusive, counting down when A > B.",
            parameters: [
                ParameterSpec("from", .int, "The first number."), ParameterSpec("to", .int, "The last number."),
            ],
            flags: [FlagSpec("step", .int, "The distance between numbers (default 1); its sign is ignored.")],
            examples: ["range 1 5", "range 10 0 --step 5"])
    ) { args, _, ctx in
        let from = args.int("from") ?? 0
        let to = args.int("to") ?? 0
        let rawStep = args.int("step") ?? 1
        guard rawStep != 0 else {
            throw CRMError.runtime("bad-step", "'range' needs a step other than 0.", at: ctx.location)
        }
        let magnitude = rawStep == Int.min ? Int.max : abs(rawStep)
        let step = from <= to ? magnitude : -magnitude
        return .stream(
            RecordStream(label: "range \(from) \(to)") {
                var next: Int? = from
                return RecordCursor {
                    guard let n = next else { return nil }
                    let (after, overflow) = n.addingReportingOverflow(step)
                    next = overflow || (step > 0 ? after > to : after < to) ? nil : after
                    return .int(n)
                }
            })
    }

    static let describe = Command(
        CommandSpec(
            "describe", group: "core",
            summary: "Names the type of the input: 'int', 'record<name, age>', 'list<int>', 'stream'.",
            examples: ["echo {a: 1, b: 2} | describe", "range 1 3 | describe"], acceptsInput: true)
    ) { _, input, _ in
        switch input {
        case .empty: return .value("nothing")
        case .stream: return .value("stream")
        case .value(let v): return .value(.string(describeValue(v)))
        }
    }

    /// `int`, `record<a, b>`, `list<int>` (the element type when all agree, else `list<any>`).
    static func describeValue(_ v: Value) -> String {
        switch v {
        case .record(let r): return "record<\(r.keys.joined(separator: ", "))>"
        case .list(let l):
            let kinds = Set(l.map(\.typeName))
            return "list<\(kinds.count == 1 ? kinds.first ?? "any" : "any")>"
        default: return v.typeName
        }
    }

    static let collect = Command(
        CommandSpec(
            "collect", group: "core", summary: "Pulls a stream to its end and outputs it as a list.",
            examples: ["range 1 3 | collect | describe"], acceptsInput: true
        ).streamFilter()
    ) { _, input, _ in
        switch input {
        case .empty: return .value(.list([]))
        case .value: return input
        case .stream(let s): return .value(.list(try await s.collectAll()))
        }
    }
}
