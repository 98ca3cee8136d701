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
        flags: [FlagSpec("markdown", .bool, "the command table as Markdown (the README's table is this output)")],
        examples: ["help", "help people", "help send-template", "help --markdown | lines | first 3"])

    static let optionSpec = CommandSpec(
        "option", group: "shell",
        summary: "Show or change a shell setting: verbose, curl, dry-run, yes, output, concurrency, timeout.",
        parameters: [
            ParameterSpec(
                "name", .choice(["verbose", "curl", "dry-run", "yes", "output", "concurrency", "timeout"]),
                "the setting",
                optional: true),
            ParameterSpec("value", .string, "on/off, a format, or a number", optional: true),
        ],
        examples: ["option", "option verbose on", "option output json"])

    static var specs: [CommandSpec] { [helpSpec, optionSpec] }

    static func commands(allSpecs: [CommandSpec], host: ShellHost?) -> [Command] {
        let hostBox = Unchecked(value: host)
        return [
            Command(helpSpec) { args, _, _ in
                if args.bool("markdown") { return .value(.string(HelpText.markdownTable(allSpecs))) }
                return .value(.string(HelpText.render(topic: args.strings("command"), specs: allSpecs)))
            },
            Command(optionSpec) { args, _, ctx in
                guard let host = hostBox.value else { return .value(settingsRecord(ctx.settings)) }
                guard let name = args.string("name") else { return .value(settingsRecord(host.settings)) }
                guard let raw = args.string("value") else {
                    return .value(settingsRecord(host.settings)[field: name] ?? .null)
                }
                host.settings = try apply(name, raw, to: host.settings, at: ctx.location)
                return .empty
            },
        ]
    }

    static func apply(_ name: String, _ raw: String, to settings: Settings, at loc: SourceLocation?) throws -> Settings
    {
        var s = settings
        func flag() throws -> Bool {
            switch raw {
            case "on", "true", "yes", "1": return true
            case "off", "false", "no", "0": return false
            default: throw CRMError.usage("bad-value", "Setting '\(name)' takes on or off, got '\(raw)'.", at: loc)
            }
        }
        switch name {
        case "verbose": s.verbose = try flag()
        case "curl": s.curl = try flag()
        case "dry-run": s.dryRun = try flag()
        case "yes": s.yes = try flag()
        case "output":
            let formats = ["table", "json", "ndjson", "csv", "auto"]
            guard formats.contains(raw) else {
                throw CRMError.usage(
                    "bad-value", "Unknown output format '\(raw)'" + Suggestion.didYouMean(raw, in: formats), at: loc)
            }
            s.output = raw == "auto" ? nil : raw
        case "concurrency":
            guard let n = Int(raw), (1...256).contains(n) else {
                throw CRMError.usage(
                    "bad-value", "Setting 'concurrency' takes a number from 1 to 256, got '\(raw)'.", at: loc)
            }
            s.concurrency = n
        case "timeout": s.timeout = try timeout(raw, what: "Setting 'timeout'", at: loc)
        default:
            throw CRMError.usage("bad-value", "Unknown setting '\(name)'.", at: loc)
        }
        return s
    }

    static func settingsRecord(_ s: Settings) -> Value {
        [
            "verbose": .bool(s.verbose), "curl": .bool(s.curl), "dry-run": .bool(s.dryRun), "yes": .bool(s.yes),
            "output": s.output.map(Value.string) ?? "auto", "concurrency": .int(s.concurrency),
            "timeout": .double(s.timeout),
        ]
    }

    /// Seconds for `--timeout` / `option timeout`, within `Settings.timeoutRange`.
    static func timeout(_ raw: String, what: String, at loc: SourceLocation?) throws(CRMError) -> Double {
        guard let n = Double(raw), Settings.timeoutRange.contains(n) else {
            throw CRMError.usage(
                "bad-value", "\(what) takes seconds from 0.001 to 86400, got '\(raw)'.", at: loc)
        }
        return n
    }
}
