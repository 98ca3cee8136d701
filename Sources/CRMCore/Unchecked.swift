/// A value moved across a task boundary that the type system cannot prove safe.
///
/// Each use says why it is safe: typically a non-Sendable object (the interpreter, the shell's
/// host) handed to the one task that runs a statement while its owner waits, so exactly one side
/// touches it at a time.
public struct Unchecked<T>: @unchecked Sendable {
    /// The value.
    public var value: T

    /// Wraps `value`.
    public init(value: T) { self.value = value }
}
