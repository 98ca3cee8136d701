import CRMCore

extension Builtins {
    static func scriptCommands() -> [Command] { [assertCommand, input] }

    static let assertCommand = Command(
        CommandSpec(
            "assert", group: "core",
            summary: "Stops the script with exit status 10 and the message when the condition is false.",
            parameters: [
                ParameterSpec("condition", .any, "The condition, in parentheses: (\\$n > 0)."),
                ParameterSpec("message", .string, "What went wrong (default 'Assertion failed').", optional: true),
            ],
            examples: ["assert (1 < 2) \"math works\"", "assert (range 1 3 | count) \"no items\""])
    ) { args, _, ctx in
        let condition = args.value("condition") ?? .null
        guard condition.isTruthy else {
            let message = args.string("message") ?? "Assertion failed."
            throw CRMError("assert.failed", message, at: ctx.location, exit: .assertion)
        }
        return .empty
    }

    static let input = Command(
        CommandSpec(
            "input", group: "core",
            summary: "Asks for a line at the terminal and outputs it (--secret: without echo, never in history).",
            parameters: [ParameterSpec("prompt", .string, "The question to show.", optional: true)],
            flags: [
                FlagSpec("secret", short: "s", .bool, "Read without echo (passwords, tokens)."),
                FlagSpec("default", .string, "The answer when there is no terminal to ask (scripts in cron)."),
            ],
            examples: ["input \"Name? \" --default Ann"])
    ) { args, _, ctx in
        let answer = try await ctx.prompt(args.string("prompt") ?? "", secret: args.bool("secret"))
        guard let line = answer ?? args.string("default") else {
            throw CRMError.runtime(
                "no-terminal", "'input' needs a terminal; standard input is not one (read piped text with 'open -').",
                at: ctx.location)
        }
        return .value(.string(line))
    }
}
