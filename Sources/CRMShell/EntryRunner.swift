import CRMCore
import CRMLanguage

/// Runs one entry typed at the prompt (or replayed by `crm play`) on a long-lived interpreter,
/// printing its errors the way the REPL does.
enum EntryRunner {
    /// How an entry ended.
    enum Outcome: Equatable, Sendable {
        case ok
        /// It failed; its error was printed.
        case failed
        /// It was `exit N`.
        case exit(Int32)
    }

    /// Runs `entry` as `file` (`<repl>`, `<play>`) while the calling thread waits; Ctrl-C cancels it.
    static func run(_ entry: String, on interpreter: Interpreter, file: String, term: Terminal) -> Outcome {
        // SAFE: the interpreter (not Sendable) moves to the statement's task while this thread waits
        // for it; only one side touches it at a time.
        let interp = Unchecked(value: interpreter)
        let outcome: Outcome = Blocking.run {
            do {
                try await interp.value.run(entry, file: file)
                return .ok
            } catch let e as ExitRequest {
                return .exit(e.status)
            } catch let e as SyntaxErrors {
                for err in e.errors { term.err(err.rendered) }
            } catch let e as CRMError {
                term.err(e.rendered)
            } catch is CancellationError {
                term.err(CRMError.interrupted.rendered)
            } catch {
                term.err(String(describing: error))
            }
            return .failed
        }
        term.flush()
        return outcome
    }
}
