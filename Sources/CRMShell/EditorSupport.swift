import CRMCore

/// What `crm lsp` borrows from the shell: the very registry scripts resolve against and the help
/// text `help COMMAND` prints, so an editor and the shell can never disagree on a command, a
/// flag or its description. Built without a host: nothing here reaches a server.
public enum EditorSupport {
    /// Every command the shell knows (builtins, API commands, runs, REPL and shell commands).
    public static func commands() -> CommandRegistry { ShellRegistry.make() }

    /// A command's help, as `help COMMAND` prints it.
    @Sendable public static func help(_ spec: CommandSpec) -> String { HelpText.detail(spec) }
}
