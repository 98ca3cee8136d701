import CRMBulk
import CRMCore
import CRMLineEditor
import Foundation

/// `record start [FILE]` … `record stop`: collects the REPL lines that ran without error (and that
/// the history policy lets through, so secrets never reach the file) and writes them as a script.
///
/// The REPL feeds it after each entry (`add`); commands start and stop it from the interpreter's
/// task, so the state sits behind a lock.
final class Recorder: @unchecked Sendable {
    // @unchecked: `current` is only touched under `lock`.
    private struct Recording {
        var path: String
        var profile: String
        var started: Date
        var lines: [String] = []
    }
    private var current: Recording?
    private let lock = NSLockLite()

    /// Whether a recording is running.
    var isRecording: Bool { lock.locked { current != nil } }

    /// Starts recording to `path` (default `recording-STAMP.crm` in the working directory).
    func start(path: String?, profile: String, at loc: SourceLocation?) throws -> String {
        let file = path ?? "recording-\(ISO8601.compactStamp(Date())).crm"
        return try lock.locked {
            if let c = current {
                throw CRMError.usage("recording", "Already recording to '\(c.path)'; 'record stop' first.", at: loc)
            }
            current = Recording(path: file, profile: profile, started: Date())
            return file
        }
    }

    /// Adds a line that ran without error (the caller checked the history policy).
    func add(_ line: String) {
        guard RecordedScript.isScriptLine(line) else { return }
        lock.locked { current?.lines.append(line) }
    }

    /// Stops and writes the script without the lines that hold one of `secrets` (the tokens
    /// known now: a line was checked when it ran, before a later `set-token` made its value a
    /// token); returns its path and how many lines it holds.
    func stop(at loc: SourceLocation?, secrets: [String]) throws -> (path: String, lines: Int) {
        guard
            let rec = lock.locked({ () -> Recording? in
                defer { current = nil }
                return current
            })
        else {
            throw CRMError.usage("recording", "Not recording; 'record start [FILE]' starts a recording.", at: loc)
        }
        let lines = rec.lines.filter { !HistoryPolicy.holdsSecret($0, secrets) }
        let text = RecordedScript.text(lines: lines, how: "Recorded", profile: rec.profile, date: rec.started)
        _ = try RecordedScript.write(text, to: rec.path)
        return (rec.path, lines.count)
    }
}
