import CRMLSP
import CRMShell

#if canImport(Glibc)
    import Glibc
#endif

// `crm lsp`: the language server owns stdin and stdout until the editor sends `exit`. It reads on
// this (main) thread, never on the cooperative pool; the registry and help come from the shell.
if Array(CommandLine.arguments.dropFirst()) == ["lsp"] {
    let environment = LanguageServerEnvironment(
        commands: EditorSupport.commands(), help: EditorSupport.help, version: Shell.version)
    exit(StdioServer.run(LanguageServer(environment: environment)))
}

// `crm fmt [--check] [FILE…]` (its `--help` goes through the launch options like every mode's).
if CommandLine.arguments.dropFirst().first == "fmt", !CommandLine.arguments.contains("--help"),
    !CommandLine.arguments.contains("-h")
{
    exit(FormatMode.run(Array(CommandLine.arguments.dropFirst(2))))
}

// Synchronous on purpose: the REPL keeps the main thread for libedit (see Shell.main).
exit(Shell.mainExitStatus(Array(CommandLine.arguments.dropFirst())))
