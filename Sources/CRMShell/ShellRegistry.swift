import CRMBuiltins
import CRMBulk
import CRMCommands
import CRMCore

/// Builds the one registry the language looks commands up in: builtins, API commands, bulk-run
/// commands and the shell's own (`help`, `option`).
///
/// Every write command also gets the flags `--dry-run`, `--yes` and `--concurrency N` here, in one
/// place, so each command's own declaration stays about its endpoint.
enum ShellRegistry {
    static func make(host: ShellHost? = nil) -> CommandRegistry {
        var registry = CommandRegistry(Builtins.commands())
        let fieldGet = registry.command(named: "get")
        registry.register(
            APICommands.commands().map { withCurlFlag($0.spec.isWrite ? withWriteFlags($0, host: host) : $0, host: host) })
        if let fieldGet, let rawGet = registry.command(named: "get") {
            registry.register([mergedGet(field: fieldGet, raw: rawGet)])
        }
        registry.register(RunsCommands.commands(runner: host?.runner))
        let box = RegistryBox()
        registry.register(ReplCommands.commands(host: host, registry: box))
        let specs = registry.allSpecs + ShellCommands.specs
        registry.register(ShellCommands.commands(allSpecs: specs, host: host))
        box.registry = registry
        return registry
    }

    /// `get` is both the field filter (`people | get name`) and the raw request (`get /api/v2/tags`):
    /// one declaration, told apart by the argument — a path starts with `/`.
    static func mergedGet(field: Command, raw: Command) -> Command {
        var spec = raw.spec
        spec.group = "filters"
        spec.summary =
            "Output a field of a record or of every item (get name), or send a raw GET (get /api/v2/tags a=b)."
        spec.parameters = [
            ParameterSpec(
                "path", .string, "a field path (name, a.b, accounts.0.account_id) or an API path starting with /"),
            ParameterSpec(
                "params", .string, "query parameters key=value, for an API path", optional: true, variadic: true),
        ]
        spec.flags = field.spec.flags + raw.spec.flags
        spec.examples = field.spec.examples + raw.spec.examples
        spec.acceptsInput = true
        return Command(spec) { args, input, ctx in
            if args.string("path")?.hasPrefix("/") == true { return try await raw.run(args, input, ctx) }
            guard args.strings("params").isEmpty else {
                throw CRMError.usage(
                    "extra-argument", "'get FIELD' takes one field path; an API path starts with '/'.", at: ctx.location
                )
            }
            return try await field.run(args, input, ctx)
        }
    }

    static let writeFlags = FlagSpec.writeFlags

    /// The command with the shared write flags declared; `--dry-run`/`--yes` given on the command
    /// apply to the shell settings for the duration of the call.
    static func withWriteFlags(_ command: Command, host: ShellHost?) -> Command {
        var spec = command.spec
        for f in writeFlags where spec.flag(named: f.name) == nil { spec.flags.append(f) }
        let run = command.run
        // SAFE: the host (not Sendable) is only used by the statement task that runs the command, one
        // statement at a time; the closure is @Sendable only because commands may be.
        let hostBox = Unchecked(value: host)
        return Command(spec, planner: command.planner) { args, input, ctx in
            guard let host = hostBox.value, args.bool("dry-run") || args.bool("yes") || args.int("concurrency") != nil
            else {
                return try await run(args, input, ctx)
            }
            let saved = host.settings
            defer { host.settings = saved }
            if args.bool("dry-run") { host.settings.dryRun = true }
            if args.bool("yes") { host.settings.yes = true }
            if let n = args.int("concurrency") {
                host.settings.concurrency = try Settings.checkedConcurrency(
                    n, raw: String(n), label: "Flag '--concurrency'", at: ctx.location)
            }
            return try await run(args, input, ctx)
        }
    }
}
