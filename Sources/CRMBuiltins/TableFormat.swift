import CRMCore

/// The `table` format: what a person at a terminal sees.
///
/// - A list with records: a header row, a separator of `─`, one row per record; the columns are
///   the union of keys in first-seen order; number columns are right-aligned. When the columns do
///   not fit `width`, the widest are capped and long cells end in `…` — never an id column
///   (`isIdentifier`); when the rest cannot give enough room, the line is left to wrap.
/// - One record: two columns, key and value.
/// - A list of scalars: one per line. A scalar: itself.
///
/// Cells show strings raw (control characters as spaces), null as nothing, nested values as
/// compact JSON. Lines carry no trailing spaces.
enum TableFormat {
    /// Columns never shrink below this many terminal cells when fitting the width.
    static let minimumColumnWidth = 4
    static let gap = "  "

    /// The lines of `value` as a table fitted to `width` columns.
    static func lines(_ value: Value, width: Int) -> [String] {
        switch value {
        case .record(let r): return keyValueLines(r, width: width)
        case .list(let l) where l.contains(where: { $0.recordValue != nil }):
            let rows = l.map { if case .record(let r) = $0 { r } else { Record([("value", $0)]) } }
            return tableLines(rows, width: width)
        case .list(let l): return l.map { TextWidth.truncate(cell($0), to: Swift.max(width, 1)) }
        case .null: return []
        default: return [value.displayText]
        }
    }

    /// The keys of `rows` in first-seen order.
    static func unionOfKeys(_ rows: [Record]) -> [String] {
        var seen = Set<String>()
        var keys: [String] = []
        for r in rows {
            for k in r.keys where !seen.contains(k) {
                seen.insert(k)
                keys.append(k)
            }
        }
        return keys
    }

    /// The text of one cell, on one line.
    static func cell(_ v: Value) -> String {
        let raw: String
        switch v {
        case .null: return ""
        case .string(let s): raw = s
        case .datetime, .duration: raw = v.displayText
        default: raw = v.toJSON()
        }
        guard raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else { return raw }
        var out = ""
        for u in raw.unicodeScalars {
            if u.value < 0x20 || u.value == 0x7F { out += " " } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    private static func keyValueLines(_ r: Record, width: Int) -> [String] {
        let keyWidth = r.keys.map(TextWidth.of).max() ?? 0
        let valueWidth = Swift.max(width - keyWidth - gap.count, minimumColumnWidth)
        return r.fields.map { f in
            let v = isIdentifier(f.key) ? cell(f.value) : TextWidth.truncate(cell(f.value), to: valueWidth)
            return trimTrailing(TextWidth.pad(f.key, to: keyWidth) + gap + v)
        }
    }

    private static func tableLines(_ rows: [Record], width: Int) -> [String] {
        let keys = unionOfKeys(rows)
        guard !keys.isEmpty else { return [] }
        let cells = rows.map { r in keys.map { cell(r[$0] ?? .null) } }
        let numeric = keys.map { k in
            rows.allSatisfy { r in
                switch r[k] ?? .null {
                case .int, .double, .null: true
                default: false
                }
            } && rows.contains { r in r[k].map { !$0.isNull } ?? false }
        }
        var widths = keys.map(TextWidth.of)
        for row in cells {
            for (i, c) in row.enumerated() { widths[i] = Swift.max(widths[i], TextWidth.of(c)) }
        }
        // Ids are never cut (a cut id is useless): only the other columns shrink, widest first; when
        // they cannot shrink enough the line runs past the width and the terminal wraps it.
        let ids = keys.map(isIdentifier)
        let idWidth = zip(widths, ids).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }
        let shrunk = fit(
            zip(widths, ids).filter { !$0.1 }.map(\.0), into: width - gap.count * (keys.count - 1) - idWidth)
        var next = shrunk.makeIterator()
        widths = zip(widths, ids).map { $0.1 ? $0.0 : (next.next() ?? $0.0) }
        func line(_ texts: [String]) -> String {
            let parts = texts.enumerated().map { i, t in
                TextWidth.pad(TextWidth.truncate(t, to: widths[i]), to: widths[i], right: numeric[i])
            }
            return trimTrailing(parts.joined(separator: gap))
        }
        var out = [line(keys), widths.map { String(repeating: "─", count: $0) }.joined(separator: gap)]
        out.reserveCapacity(cells.count + 2)
        for row in cells { out.append(line(row)) }
        return out
    }

    /// Whether a column holds identifiers, which a table never cuts: `id`, `_id`, `person_id`,
    /// `accountId`, `ids`.
    static func isIdentifier(_ key: String) -> Bool {
        let k = key.lowercased()
        return k == "id" || k == "ids" || k.hasSuffix("_id") || k.hasSuffix("_ids") || key.hasSuffix("Id")
            || key.hasSuffix("Ids")
    }

    /// Caps the widest columns at one width so the total fits `budget` (never below the minimum).
    static func fit(_ widths: [Int], into budget: Int) -> [Int] {
        guard widths.reduce(0, +) > budget else { return widths }
        var lo = minimumColumnWidth
        var hi = widths.max() ?? lo
        guard lo < hi else { return widths.map { Swift.min($0, lo) } }
        // The largest cap whose capped total fits; the minimum when none does.
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if widths.reduce(0, { $0 + Swift.min($1, mid) }) <= budget { lo = mid } else { hi = mid - 1 }
        }
        return widths.map { Swift.min($0, lo) }
    }

    private static func trimTrailing(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
