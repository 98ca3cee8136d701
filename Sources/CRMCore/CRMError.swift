/// An error as data: a stable code, a sentence-cased message, where it happened and an optional
/// help line. Rendered in exactly one place (`rendered`), so every layer reports errors alike.
public struct CRMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable dotted code, e.g. `parse.unexpected-token`, `http.status`, `auth.missing-token`.
    public var code: String
    /// The message, sentence-cased, user input in single quotes, no location prefix.
    public var message: String
    /// Where in the script or line it happened, when known.
    public var location: SourceLocation?
    /// A second line of advice (`Did you mean …` goes in the message; this is for "run X first").
    public var help: String?
    /// The exit status a script that stops on this error ends with.
    public var exitStatus: ExitStatus

    public init(
        _ code: String, _ message: String, at location: SourceLocation? = nil, help: String? = nil,
        exit: ExitStatus = .runtime
    ) {
        self.code = code
        self.message = message
        self.location = location
        self.help = help
        self.exitStatus = exit
    }

    /// This error with `location` filled in, unless it already has one.
    public func located(_ loc: SourceLocation?) -> CRMError {
        guard location == nil, let loc else { return self }
        var e = self
        e.location = loc
        return e
    }

    /// `file:line:col: message` plus the help line, as printed to stderr.
    public var rendered: String {
        var s = location.map { "\($0): " } ?? ""
        s += message
        if let help { s += "\n  help: \(help)" }
        return s
    }

    public var description: String { rendered }

    /// A runtime error with code `runtime.<kind>`.
    public static func runtime(_ kind: String, _ message: String, at loc: SourceLocation? = nil) -> CRMError {
        CRMError("runtime.\(kind)", message, at: loc)
    }

    /// A usage error (unknown flag, missing argument) with code `usage.<kind>`.
    public static func usage(_ kind: String, _ message: String, at loc: SourceLocation? = nil) -> CRMError {
        CRMError("usage.\(kind)", message, at: loc, exit: .usage)
    }

    /// The error raised when the user presses Ctrl-C.
    public static let interrupted = CRMError("interrupted", "Interrupted.", exit: .interrupted)
}

/// A group of syntax errors found in one parse, reported together before anything runs.
public struct SyntaxErrors: Error, Sendable {
    /// Every error found, in source order.
    public var errors: [CRMError]
    public init(_ errors: [CRMError]) { self.errors = errors }
}
