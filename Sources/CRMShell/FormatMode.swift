import CRMCore
import CRMLanguage
import Foundation

/// `crm fmt [--check] [FILE…]`: the formatter as a command-line tool (the language server's
/// `textDocument/formatting` gives the same text). Files are rewritten in place when their layout
/// changes; no file (or `-`) formats standard input to standard output. `--check` writes nothing
/// and exits 1 naming each file that is not formatted, for CI. A file that does not parse is
/// left alone and its syntax errors are printed (exit 3, as running it would).
public enum FormatMode {
    /// Runs `crm fmt` with the words after `fmt`; returns the exit status.
    public static func run(_ args: [String]) -> Int32 {
        let term = Terminal.shared
        defer { term.flush() }
        let check = args.contains("--check")
        let files = args.filter { $0 != "--check" }
        if let bad = files.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            term.err("crm: unknown option '\(bad)' for 'crm fmt'. Run 'crm fmt --help'.")
            return ExitStatus.usage.rawValue
        }
        var status = ExitStatus.ok.rawValue
        for path in files.isEmpty ? ["-"] : files {
            let text: String
            if path == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: path),
                    let t = String(data: data, encoding: .utf8)
                else {
                    term.err("crm: cannot read '\(path)'.")
                    status = ExitStatus.usage.rawValue
                    continue
                }
                text = t
            }
            let formatted: String
            do {
                formatted = try ScriptFormatter.format(text, file: path == "-" ? "<stdin>" : path)
            } catch let e as SyntaxErrors {
                for err in e.errors { term.err(err.rendered) }
                status = ExitStatus.syntax.rawValue
                continue
            } catch {
                term.err("crm: \(path): \(error)")
                status = ExitStatus.syntax.rawValue
                continue
            }
            if check {
                if formatted != text {
                    term.err("\(path): not formatted (run 'crm fmt \(path)')")
                    if status == ExitStatus.ok.rawValue { status = 1 }
                }
            } else if path == "-" {
                term.out(formatted)
            } else if formatted != text {
                do { try formatted.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    term.err("crm: cannot write '\(path)': \(error.localizedDescription)")
                    status = ExitStatus.runtime.rawValue
                }
            }
        }
        return status
    }
}
