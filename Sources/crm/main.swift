import CRMShell

#if canImport(Glibc)
    import Glibc
#endif

// Synchronous on purpose: the REPL keeps the main thread for libedit (see Shell.main).
exit(Shell.mainExitStatus(Array(CommandLine.arguments.dropFirst())))
