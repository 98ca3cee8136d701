import CRMCore

/// The whole script-mode contract in one place: run a file, print errors as
/// `file:line:col: message` to the error output, and turn the outcome into an exit status.
public enum ScriptRunner {
    /// Runs a script: syntax errors (all of them) → `file:line:col: message` each, exit `.syntax`
    /// (`.usage` for unknown commands found before running); a runtime error → its message and
    /// its exit status; `exit N` → N; cancellation (Ctrl-C) → 130.
    public static func run(
        source: String, file: String, args: [String], commands: any CommandLookup, host: any InterpreterHost,
        errorOutput: (String) -> Void
    ) async -> Int32 {
        let interpreter = Interpreter(commands: commands, host: host)
        interpreter.setScriptArguments(args)
        do {
            try await interpreter.run(source, file: file)
            return ExitStatus.ok.rawValue
        } catch let e as SyntaxErrors {
            for err in e.errors { errorOutput(err.rendered) }
            return (e.errors.first?.exitStatus ?? .syntax).rawValue
        } catch let e as ExitRequest {
            return e.status
        } catch let e as CRMError {
            errorOutput(e.rendered)
            return e.exitStatus.rawValue
        } catch is CancellationError {
            errorOutput(CRMError.interrupted.rendered)
            return ExitStatus.interrupted.rawValue
        } catch {
            errorOutput("\(file): \(error)")
            return ExitStatus.runtime.rawValue
        }
    }
}
