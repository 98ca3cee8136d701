import CRMCore

/// An id a write takes from a piped string. Ids never hold white space, so a string that does is
/// something else, most often a request `option curl on` printed instead of reading the list it
/// was piped from; it fails alone (a `send.` code, as any item that cannot be a target) rather
/// than become the path of a request.
enum PipedID {
    static func check(_ s: String, as what: String, command: String) throws -> String {
        guard s.contains(where: \.isWhitespace) else { return s }
        let shown = s.count > 40 ? String(s.prefix(40)) + "…" : s
        let printed = s.hasPrefix("curl ")
        throw CRMError(
            "send.bad-target", "'\(command)' got '\(shown)' as \(what) id; an id has no spaces.",
            help: printed
                ? "with curl mode on, the command before the pipe printed its request instead of reading; "
                    + "put --curl on the write alone (people | \(command) … --curl)"
                : nil,
            exit: .runtime)
    }
}
