import CRMCore

/// Which CSV cells `from csv` turns into numbers. Data must not change on the way through: the
/// phone `380501112238` sent back as a JSON number, or the zip `01234` losing its zero, is a wrong
/// answer. So a number is made only when all of these hold:
///
/// - the cell is a plain decimal (`42`, `-7`, `3.25`), no leading `+`, no leading `0` (except `0`
///   and `0.5`), no exponent, at most 15 digits, and it round-trips exactly (`2.50` stays text);
/// - the column's header does not name an identifier: a word of it (split at non-letters and at
///   camelCase) is one of `identifierWords` (`Phone`, `account_id`, `userId`, `ZIP code`).
///
/// `--no-infer` keeps every cell text.
enum CSVInference {
    /// Header words that mark a column of identifiers, kept as text however numeric they look.
    static let identifierWords: Set<String> = [
        "phone", "tel", "telephone", "mobile", "msisdn", "id", "uuid", "zip", "postcode", "postal", "code",
    ]

    /// The most digits a cell may have to become a number (beyond this a double loses digits).
    static let maxDigits = 15

    /// The indexes of the columns whose cells may become numbers (not identifier columns).
    static func numericColumns(header: [String], rows: some Collection<[String]>) -> Set<Int> {
        let width = rows.reduce(header.count) { max($0, $1.count) }
        return Set((0..<width).filter { $0 >= header.count || !isIdentifierHeader(header[$0]) })
    }

    /// Whether a header names an identifier column (`Phone`, `account_id`, `userId`).
    static func isIdentifierHeader(_ header: String) -> Bool {
        var words: [String] = []
        var word = ""
        var previousLower = false
        for c in header {
            if c.isLetter {
                if c.isUppercase && previousLower {
                    words.append(word)
                    word = ""
                }
                word.append(c)
                previousLower = c.isLowercase
            } else {
                words.append(word)
                word = ""
                previousLower = false
            }
        }
        words.append(word)
        return words.contains { identifierWords.contains($0.lowercased()) }
    }

    /// The number a cell holds under the rule above, or nil.
    static func number(_ cell: String) -> Value? {
        let body = cell.hasPrefix("-") ? cell.dropFirst() : Substring(cell)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            whole == "0" || !whole.hasPrefix("0"), parts.reduce(0, { $0 + $1.count }) <= maxDigits
        else { return nil }
        if parts.count == 1 {
            guard let i = Int(cell), String(i) == cell else { return nil }
            return .int(i)
        }
        guard let d = Double(cell), d.isFinite, "\(d)" == cell else { return nil }
        return .double(d)
    }
}
