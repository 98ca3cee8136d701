import CRMCore

extension CSVFormat {
    /// Whether text given to `from csv` is a file name rather than CSV content (`from csv
    /// contacts.csv` would otherwise parse a header row and nothing else: `[]`, exit 0). It is one
    /// line (a trailing newline aside) with no comma, quote, space or tab, and it either ends in a
    /// dot and 1–5 letters or digits (`contacts.csv`, `export.TXT`) or holds a `/`
    /// (`data/contacts`). One-column CSV text always has a second line, so it never matches.
    static func looksLikeFileName(_ text: String) -> Bool {
        var line = Substring(text)
        if line.hasSuffix("\r\n") {
            line = line.dropLast(2)
        } else if line.hasSuffix("\n") {
            line = line.dropLast()
        }
        guard !line.isEmpty, !line.contains(where: { ",\"\n\r \t".contains($0) }) else { return false }
        if line.contains("/") { return true }
        guard let dot = line.lastIndex(of: "."), dot != line.startIndex else { return false }
        let ext = line[line.index(after: dot)...]
        return (1...5).contains(ext.count) && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Throws a usage error pointing at `open` when `text` looks like a file name.
    static func refuseFileName(_ text: String, at loc: SourceLocation?) throws {
        guard looksLikeFileName(text) else { return }
        let name = text.trimmingSpaces
        throw CRMError.usage(
            "csv-file-name",
            "'\(name)' looks like a file name, not CSV text: 'from csv' parses text. Read the file with 'open \(name)'.",
            at: loc)
    }
}
