import CRMCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The file formats `open` and `save` know, chosen by a file's extension (or `--as`), and the
/// file access they share: reading whole files, and writing through a temporary file in the same
/// directory that is renamed over the target, so a failed write never leaves half a file.
enum FileFormat: String, CaseIterable {
    case csv, json, ndjson, text

    /// The extensions of each format.
    static let extensions: [String: FileFormat] = [
        "csv": .csv, "json": .json, "ndjson": .ndjson, "jsonl": .ndjson, "txt": .text, "log": .text, "text": .text,
    ]

    /// The format named by `--as`, or by the extension of `path`; a located error for neither.
    static func of(_ path: String, given: String?, command: String, at loc: SourceLocation?) throws -> FileFormat {
        if let given { return FileFormat(rawValue: given) ?? .text }
        let ext = (path as NSString).pathExtension.lowercased()
        if let f = extensions[ext] { return f }
        let known = extensions.keys.sorted().map { "." + $0 }.joined(separator: " ")
        throw CRMError.runtime(
            "file-type",
            "'\(command)' does not know the file type of '\(path)' (known: \(known)); give --as csv|json|ndjson|text.",
            at: loc)
    }

    /// The path with `~` expanded.
    static func expanded(_ path: String) -> String { (path as NSString).expandingTildeInPath }

    /// The text of the file at `path`, at most `limitMB` megabytes (`InputLimit`), or a located
    /// error saying why not.
    static func read(_ path: String, limitMB: Int, at loc: SourceLocation?) throws -> String {
        let full = expanded(path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDir) else {
            throw CRMError.runtime("file-missing", "Cannot open '\(path)': no such file.", at: loc)
        }
        if isDir.boolValue {
            throw CRMError.runtime("file-directory", "Cannot open '\(path)': it is a directory.", at: loc)
        }
        guard FileManager.default.isReadableFile(atPath: full), let handle = FileHandle(forReadingAtPath: full) else {
            throw CRMError.runtime("file-permission", "Cannot open '\(path)': no permission to read it.", at: loc)
        }
        defer { try? handle.close() }
        guard let data = try InputLimit.read(handle, limitMB: limitMB) else {
            throw InputLimit.tooLarge("'\(path)'", limitMB: limitMB, at: loc)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CRMError.runtime("file-encoding", "Cannot open '\(path)': it is not UTF-8 text.", at: loc)
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// The value `text` holds in this format; a located error naming the file when it does not parse.
    func decode(_ text: String, path: String, infer: Bool, at loc: SourceLocation?) throws -> Value {
        func bad(_ what: String) -> CRMError {
            CRMError.runtime("file-format", "'\(path)' is not \(what).", at: loc)
        }
        switch self {
        case .text:
            // One final line end is the file's, not the text's (as `$(cat f)` in a shell).
            // ("\r\n" is one Character, so dropLast() removes either ending whole.)
            return .string(text.hasSuffix("\n") || text.hasSuffix("\r\n") ? String(text.dropLast()) : text)
        case .csv:
            do { return .list(try CSVFormat.records(text, infer: infer, at: loc)) } catch let e as CRMError {
                if e.exitStatus == .interrupted { throw e }
                throw bad("valid CSV: \(e.message)")
            }
        case .json:
            do { return try Value.parseJSON(text) } catch {
                if error.isInterrupted { throw CRMError.interrupted }
                throw bad("valid JSON (byte \(error.offset): \(error.message))")
            }
        case .ndjson:
            var out: [Value] = []
            for (n, line) in text.physicalLines.enumerated() where !line.trimmingSpaces.isEmpty {
                do { out.append(try Value.parseJSON(line)) } catch {
                    throw bad("valid NDJSON (line \(n + 1): \(error.message))")
                }
            }
            return .list(out)
        }
    }

    /// The lines `value` is written as (JSON as one indented document); `columns` are the CSV
    /// header of an empty list (see `RecordStream.columns`).
    func encode(_ value: Value, columns: [String]? = nil) -> [String] {
        switch self {
        case .json: return [value.toJSON(pretty: true)]
        case .ndjson: return (value.listValue ?? (value.isNull ? [] : [value])).map { $0.toJSON() }
        case .text: return TextLines.lines(value)
        case .csv: return CSVFormat.lines(value, columns: columns)
        }
    }

    /// CSV rows to append under an existing `header` (missing fields empty); a located error when
    /// the rows have fields the file has no column for, rather than rows under the wrong columns.
    static func csvRows(_ value: Value, under header: [String], path: String, at loc: SourceLocation?) throws
        -> [String]
    {
        let rows = (value.listValue ?? [value]).map { $0.recordValue ?? Record([("value", $0)]) }
        let extra = TableFormat.unionOfKeys(rows).filter { !header.contains($0) }
        guard extra.isEmpty else {
            throw CRMError.runtime(
                "file-columns",
                "Cannot append to '\(path)': it has no column for \(extra.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "(its columns: \(header.joined(separator: ", "))).", at: loc)
        }
        return rows.map { r in header.map { CSVFormat.quote(CSVFormat.cell(r[$0] ?? .null)) }.joined(separator: ",") }
    }

    /// Creates `path` (which must not exist) with mode `newFileMode` from the start, not widened
    /// later, and writes `text` to it; false when it cannot (a file it created is removed).
    private static func writeNew(_ text: String, to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(newFileMode))
        guard fd >= 0 else { return false }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return true }  // nothing to write
            var done = 0
            while done < buffer.count {
                let n = Glibc.write(fd, base + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
        if close(fd) != 0 || !written {
            unlink(path)
            return false
        }
        return true
    }

    /// The mode of a new file `save` writes: exports hold customer data (names, phones, emails),
    /// so only the owner reads them; a file replaced keeps its own mode.
    static let newFileMode = 0o600

    /// Writes `text` to `path` through a temporary file in the same directory, renamed over it.
    /// The temporary file is mode 0600 from its creation and is removed if crm exits before the
    /// rename (`TemporaryFiles`).
    static func write(_ text: String, to path: String, at loc: SourceLocation?) throws {
        let full = expanded(path)
        let url = URL(fileURLWithPath: full)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw CRMError.runtime("file-missing", "Cannot save '\(path)': no such directory '\(dir)'.", at: loc)
        }
        let tmp = dir + "/." + url.lastPathComponent + ".crm-\(UInt32.random(in: 0...UInt32.max)).tmp"
        TemporaryFiles.shared.register(tmp)
        defer { TemporaryFiles.shared.release(tmp) }
        guard writeNew(text, to: tmp) else {
            throw CRMError.runtime(
                "file-permission", "Cannot save '\(path)': no permission to write in '\(dir)'.", at: loc)
        }
        if let mode = try? FileManager.default.attributesOfItem(atPath: full)[.posixPermissions] {
            // Replacing a file keeps its permissions (a 0600 export stays private).
            try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: tmp)
        }
        guard rename(tmp, full) == 0 else {
            try? FileManager.default.removeItem(atPath: tmp)
            throw CRMError.runtime("file-permission", "Cannot save '\(path)': could not replace it.", at: loc)
        }
    }
}

/// `to text` and `.txt` files: one scalar per line; a record as `key: value` lines; records of a
/// list separated by an empty line.
enum TextLines {
    static func lines(_ value: Value) -> [String] {
        switch value {
        case .null: return []
        case .list(let items):
            var out: [String] = []
            for (n, item) in items.enumerated() {
                if case .record = item, n > 0 { out.append("") }
                out += lines(item)
            }
            return out
        case .record(let r): return r.fields.map { "\($0.key): \(TableFormat.cell($0.value))" }
        case .string(let s): return s.physicalLines
        default: return [value.displayText]
        }
    }
}
