extension FlagSpec {
    /// The flags every write command takes (the shell adds them to each write's declaration, and
    /// `runs undo` declares them itself): `--dry-run`, `--yes`, `--concurrency N`.
    public static let writeFlags = [
        FlagSpec("dry-run", .bool, "print the plan (targets, requests, time) and send nothing"),
        FlagSpec("yes", short: "y", .bool, "confirm a large write on a prod profile"),
        FlagSpec("concurrency", .int, "parallel requests for a bulk run (default 32)"),
    ]
}
