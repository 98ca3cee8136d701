import CRMCore

/// CSV out and in, RFC 4180 style: fields holding a comma, a double quote, CR or LF are quoted and
/// inner quotes doubled; lines end with "\n" (readers accept "\r\n" too).
enum CSVFormat {
    /// The lines of `value` as CSV: a header that is the union of the records' keys in first-seen
    /// order, then one row per record. A list item that is not a record becomes a one-field record
    /// `{value: item}`; nested lists and records are written as compact JSON; null is empty.
    /// An empty list is the header alone when its `columns` are known (an empty export), else nothing.
    static func lines(_ value: Value, columns: [String]? = nil) -> [String] {
        let rows: [Record]
        switch value {
        case .record(let r): rows = [r]
        case .list(let l): rows = l.map { if case .record(let r) = $0 { r } else { Record([("value", $0)]) } }
        default: return [value.displayText]
        }
        guard !rows.isEmpty else { return columns.map { [$0.map(quote).joined(separator: ",")] } ?? [] }
        let header = TableFormat.unionOfKeys(rows)
        var out = [header.map(quote).joined(separator: ",")]
        out.reserveCapacity(rows.count + 1)
        for r in rows {
            out.append(header.map { quote(cell(r[$0] ?? .null)) }.joined(separator: ","))
        }
        return out
    }

    /// The text of one cell: strings raw, null empty, numbers and bools as text, nested as JSON.
    static func cell(_ v: Value) -> String {
        switch v {
        case .null: ""
        case .string(let s): s
        case .datetime, .duration: v.displayText
        default: v.toJSON()
        }
    }

    /// `field` quoted if it holds a comma, a quote, CR or LF.
    static func quote(_ field: String) -> String {
        guard field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return field
        }
        return "\"" + field.replacingQuotes + "\""
    }

    /// Parses CSV text into rows of fields. Throws on an unterminated quoted field or a stray
    /// character after a closing quote, naming the 1-based line.
    static func parse(_ text: String, at loc: SourceLocation?) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var quoteLine = 1
        var it = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func bad(_ m: String) -> CRMError { CRMError.runtime("bad-csv", m, at: loc) }
        var sincePoll = 0
        while let c = pending ?? it.next() {
            pending = nil
            // Every 1M characters, whether Ctrl-C or SIGTERM cancelled the task (a long parse
            // once ran to its end first).
            sincePoll &+= 1
            if sincePoll & 0xF_FFFF == 0, Task.isCancelled { throw CRMError.interrupted }
            if inQuotes {
                if c == "\"" {
                    if let n = it.next() {
                        if n == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            afterQuote = true
                            pending = n
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                quoteLine = line
            case ",":
                row.append(field)
                field = ""
                afterQuote = false
            case "\r":
                if let n = it.next(), n != "\n" { pending = n }
                fallthrough
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                afterQuote = false
                line += 1
            default:
                if afterQuote { throw bad("Unexpected character after a closing quote in CSV on line \(line).") }
                field.unicodeScalars.append(c)
            }
        }
        if inQuotes { throw bad("Unterminated quoted field in CSV starting on line \(quoteLine).") }
        if !field.isEmpty || !row.isEmpty || afterQuote {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// Records from CSV text: the first row names the fields. With `infer`, numbers are inferred
    /// per column (see `CSVInference`); every other cell stays text. A short row leaves missing
    /// fields out; extra fields are named `column6` etc. A header name that repeats an earlier one
    /// is suffixed (`email`, `email_2`) and an empty one is `columnN`, so no column is lost.
    static func records(_ text: String, infer: Bool, at loc: SourceLocation?) throws -> [Value] {
        let rows = try parse(text, at: loc)
        guard let first = rows.first else { return [] }
        let header = uniqueNames(first)
        let body = rows.dropFirst().filter { !($0.count == 1 && $0[0].isEmpty) }
        let numeric = infer ? CSVInference.numericColumns(header: header, rows: body) : []
        return body.map { row in
            // Built from pairs (linear in the columns), not field by field (quadratic).
            .record(
                Record(
                    row.enumerated().map { i, cell in
                        let key = i < header.count ? header[i] : "column\(i + 1)"
                        return (key, numeric.contains(i) ? (CSVInference.number(cell) ?? .string(cell)) : .string(cell))
                    }))
        }
    }
}

extension CSVFormat {
    /// `names` with every repeat made unique (`email_2`, `email_3`) and every empty name `columnN`.
    static func uniqueNames(_ names: [String]) -> [String] {
        var seen: Set<String> = []
        var out: [String] = []
        out.reserveCapacity(names.count)
        for (i, raw) in names.enumerated() {
            var name = raw.isEmpty ? "column\(i + 1)" : raw
            if seen.contains(name) {
                var n = 2
                while seen.contains("\(name)_\(n)") { n += 1 }
                name = "\(name)_\(n)"
            }
            seen.insert(name)
            out.append(name)
        }
        return out
    }
}

extension String {
    /// The string with each `"` doubled, for a quoted CSV field.
    fileprivate var replacingQuotes: String {
        var out = ""
        for u in unicodeScalars {
            if u == "\"" { out += "\"\"" } else { out.unicodeScalars.append(u) }
        }
        return out
    }
}
