import CRMCore

extension Builtins {
    static func stringCommands() -> [Command] {
        [
            lines, split, join, textMap("upcase", "Converts text to upper case.") { $0.uppercased() },
            textMap("downcase", "Converts text to lower case.") { $0.lowercased() },
            textMap("trim", "Removes spaces, tabs and newlines from both ends of text.") { $0.trimmingSpaces },
        ]
    }

    static let lines = Command(
        CommandSpec(
            "lines", group: "filters",
            summary: "Splits text into a list of its lines (\\n or \\r\\n; no trailing empty line).",
            examples: ["echo \"a\\nb\" | lines"], acceptsInput: true)
    ) { _, input, ctx in
        let text = try inputText(input, for: "lines", at: ctx.location)
        var parts = text.physicalLines
        if parts.last == "" { parts.removeLast() }
        return .value(.list(parts.map(Value.string)))
    }

    static let split = Command(
        CommandSpec(
            "split", group: "filters", summary: "Splits text at each separator (at runs of spaces when none is given).",
            parameters: [ParameterSpec("separator", .string, "The text to split at.", optional: true)],
            examples: ["echo \"a,b,c\" | split \",\"", "echo \"one  two\" | split"], acceptsInput: true)
    ) { args, input, ctx in
        let text = try inputText(input, for: "split", at: ctx.location)
        guard let sep = args.string("separator"), !sep.isEmpty else {
            return .value(.list(text.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) }))
        }
        return .value(.list(text.components(separatedBy: sep).map(Value.string)))
    }

    static let join = Command(
        CommandSpec(
            "join", group: "filters", summary: "Joins the items into one text, with a separator between them.",
            parameters: [ParameterSpec("separator", .string, "The text between items (default none).", optional: true)],
            examples: ["range 1 3 | join \", \"", "echo [\"a\", \"b\"] | join \" - \""], acceptsInput: true)
    ) { args, input, _ in
        let sep = args.string("separator") ?? ""
        return .value(.string(try await PipelineShape.items(input).map(\.displayText).joined(separator: sep)))
    }

    /// A command that transforms text, or each text item of a list or stream (lazily).
    private static func textMap(_ name: String, _ summary: String, _ f: @escaping @Sendable (String) -> String)
        -> Command
    {
        Command(
            CommandSpec(
                name, group: "filters", summary: summary + " On a list, converts each item.",
                examples: ["echo \" Hello \" | \(name)"], acceptsInput: true)
        ) { _, input, ctx in
            let loc = ctx.location
            return try await PipelineShape.apply(input) { s in
                s.compactMapped { v, n in
                    guard case .string(let t) = v else {
                        throw typeError(name, needs: "text", got: v, item: input.isSingle ? nil : n, at: loc)
                    }
                    return .string(f(t))
                }
            }
        }
    }
}

extension String {
    /// The lines of the text split at "\n" or "\r\n" (a final empty piece is kept).
    var physicalLines: [String] {
        unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r"
                ? String(String.UnicodeScalarView(line.dropLast())) : String(String.UnicodeScalarView(line))
        }
    }

    /// The pieces of the string between occurrences of `separator` (which must not be empty).
    func components(separatedBy separator: String) -> [String] {
        let text = Array(unicodeScalars)
        let sep = Array(separator.unicodeScalars)
        guard !sep.isEmpty else { return [self] }
        var out: [String] = []
        var piece = String.UnicodeScalarView()
        var i = 0
        while i < text.count {
            if i + sep.count <= text.count, text[i] == sep[0], Array(text[i..<(i + sep.count)]) == sep {
                out.append(String(piece))
                piece = String.UnicodeScalarView()
                i += sep.count
            } else {
                piece.append(text[i])
                i += 1
            }
        }
        out.append(String(piece))
        return out
    }
}
