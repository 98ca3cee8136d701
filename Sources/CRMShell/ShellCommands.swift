import CRMCore

/// Commands that belong to the shell itself: `help` and `option` (shell settings such as verbose
/// tracing and the output format; `set verbose on` is sugar for `option verbose on`).
enum ShellCommands {
    static let helpSpec = CommandSpec(
        "help", aliases: ["?"], group: "shell",
        summary: "List commands, or show one command's usage, flags and examples.",
        parameters: [
            ParameterSpec("command", .string, "a command name (one or two words)", optional: true, variadic: true)
        ],
        flags: [
            FlagSpec("markdown", .bool, "the command table as Markdown (the README's table is this output)"),
            FlagSpec("man", .bool, "the manual page as roff (crm help --man > crm.1; man ./crm.1)"),
        ],
        examples: ["help", "help people", "help send-template", "help --markdown | lines | first 3"])

    static let optionSpec = CommandSpec(
        "option", group: "shell",
        summary: "Show or change a shell setting: \(Settings.names.joined(separator: ", ")).",
        parameters: [
            ParameterSpec(
                "name", .choice(Settings.names), "the setting",
                optional: true),
            ParameterSpec("value", .string, "on/off, a format, or a number", optional: true),
        ],
        examples: ["option", "option verbose on", "option output json"])

    static var specs: [CommandSpec] { [helpSpec, optionSpec] }

    static func commands(allSpecs: [CommandSpec], host: ShellHost?) -> [Command] {
        // SAFE: the host (not Sendable) is only used by the statement task that runs the command, one
        // statement at a time; the closure is @Sendable only because commands may be.
        let hostBox = Unchecked(value: host)
        return [
            Command(helpSpec) { args, _, _ in
                if args.bool("markdown") { return .value(.string(HelpText.markdownTable(allSpecs))) }
                if args.bool("man") { return .value(.string(ManPage.roff(specs: allSpecs))) }
                return .value(.string(HelpText.render(topic: args.strings("command"), specs: allSpecs)))
            },
            Command(optionSpec) { args, _, ctx in
                guard let host = hostBox.value else { return .value(settingsRecord(ctx.settings)) }
                guard let name = args.string("name") else { return .value(settingsRecord(host.settings)) }
                guard let raw = args.string("value") else {
                    return .value(settingsRecord(host.settings)[field: name] ?? .null)
                }
                host.settings = try host.settings.applying(name, raw, at: ctx.location)
                return .empty
            },
        ]
    }

    static func settingsRecord(_ s: Settings) -> Value {
        [
            "verbose": .bool(s.verbose), "curl": .bool(s.curl), "dry-run": .bool(s.dryRun), "yes": .bool(s.yes),
            "output": s.output.map(Value.string) ?? "auto", "concurrency": .int(s.concurrency),
            "timeout": .double(s.timeout), "max-input": .int(s.maxInputMB),
        ]
    }
}
