import CRMCore

extension ShellRegistry {
    /// The `--curl` flag every API command takes, like `--dry-run` on a write.
    static let curlFlag = FlagSpec("curl", .bool, "print the equivalent curl command instead of sending")

    /// The command with `--curl` declared; given on the command, it turns the shell's curl setting
    /// on for the duration of the call (as `option curl on` would for every command).
    static func withCurlFlag(_ command: Command, host: ShellHost?) -> Command {
        guard !command.spec.endpoints.isEmpty || command.spec.isRawRequest, command.spec.flag(named: curlFlag.name) == nil else { return command }
        var spec = command.spec
        spec.flags.append(curlFlag)
        let run = command.run
        // SAFE: the host (not Sendable) is only used by the statement task that runs the command, one
        // statement at a time; the closure is @Sendable only because commands may be.
        let hostBox = Unchecked(value: host)
        return Command(spec, planner: command.planner) { args, input, ctx in
            guard let host = hostBox.value, args.bool(curlFlag.name), !host.settings.curl else {
                return try await run(args, input, ctx)
            }
            host.settings.curl = true
            defer { host.settings.curl = false }
            return try await run(args, input, ctx)
        }
    }
}
