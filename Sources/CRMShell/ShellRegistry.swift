import CRMBuiltins
import CRMCommands
import CRMCore

/// Builds the one registry the language looks commands up in: builtins, API commands and the
/// shell's own (`help`, `option`).
enum ShellRegistry {
    static func make(host: ShellHost? = nil) -> CommandRegistry {
        var registry = CommandRegistry(Builtins.commands())
        registry.register(APICommands.commands())
        registry.register(RunsCommands.commands(runner: host?.runner))
        let specs = registry.allSpecs + ShellCommands.specs
        registry.register(ShellCommands.commands(allSpecs: specs, host: host))
        return registry
    }
}
