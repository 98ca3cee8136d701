import Foundation

/// The bound on what crm reads whole into memory: a file given to `open` (or appended to by
/// `save --append`), standard input (`open -`, `crm -`, a piped script), and a script file
/// (`crm FILE`, `run`, `source`). `yes | crm -c 'open -'` once grew to 5.7 GB before anything
/// said no; now the read stops one byte past the bound with an error that names it and the
/// setting that raises it (`--max-input MB`, `option max-input MB`).
public enum InputLimit {
    /// The bound when nothing changes it, in megabytes.
    public static let defaultMB = 256
    /// The bounds the setting accepts, in megabytes.
    public static let rangeMB = 1...65_536

    /// The error for `what` (`'people.json'`, `standard input`) past `limitMB`.
    public static func tooLarge(_ what: String, limitMB: Int, at loc: SourceLocation? = nil) -> CRMError {
        CRMError(
            "runtime.input-too-large", "Cannot read \(what): it is larger than the \(limitMB) MB input limit.",
            at: loc, help: "raise it with 'option max-input MB' or 'crm --max-input MB'", exit: .runtime)
    }

    /// At most `limitMB` megabytes from `handle`, read in pieces; nil when there is more.
    public static func read(_ handle: FileHandle, limitMB: Int) throws -> Data? {
        let limit = limitMB * 1_048_576
        var data = Data()
        while data.count <= limit {
            guard let piece = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !piece.isEmpty else {
                return data
            }
            data.append(piece)
        }
        return nil
    }
}
