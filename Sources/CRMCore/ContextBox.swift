/// Carries the shell's `CommandContext` into a lazy stream's `@Sendable` open closure.
///
/// `CommandContext` is deliberately not `Sendable`: the interpreter owns it and calls commands on
/// one task. A lazy filter (`where`, `each`) must keep it until the stream is pulled, and the
/// stream is pulled by the same pipeline task that ran the command, so no context ever crosses to
/// another task even though the closure type says it may.
public struct ContextBox: @unchecked Sendable {  // SAFE: see the type's comment; pulled on the owning task.
    /// The context carried.
    public let context: any CommandContext
    /// A box around `context`.
    public init(_ context: any CommandContext) { self.context = context }
}
