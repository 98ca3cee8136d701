/// The process exit codes of `crm`, stable and documented in the README.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// Everything succeeded.
    case ok = 0
    /// A runtime error in a script or command (bad value, failed filter, …).
    case runtime = 1
    /// Wrong command-line usage of `crm` itself, or an unknown command or flag.
    case usage = 2
    /// A syntax error; nothing ran.
    case syntax = 3
    /// Missing or rejected credentials (no token, 401, 403).
    case auth = 4
    /// The server could not be reached, or answered with something that is not the API.
    case network = 5
    /// The API kept answering 429 and crm gave up waiting.
    case rateLimited = 6
    /// A bulk run finished with some targets failed (see `runs show ID --failed`).
    case partialFailure = 7
    /// An API answered with an error (4xx/5xx or a Leeloo `status: 0`) that is not auth or rate limit.
    case api = 8
    /// A safety guard refused to run, nothing sent: a large write on a prod profile without `--yes`,
    /// or a run repeating an unfinished one (`UnfinishedRuns` in the bulk engine).
    case refused = 9
    /// A script's `assert` failed (the condition was false).
    case assertion = 10
    /// Interrupted by Ctrl-C / SIGINT.
    case interrupted = 130
    /// Stopped by SIGTERM (a bulk run stops as for Ctrl-C: journal flushed, resume hint printed).
    case terminated = 143
}
