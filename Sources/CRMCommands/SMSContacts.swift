import CRMCore

/// The rows `people add-sms` sends, made from its input records. Records it cannot use never
/// become request bodies: rows with a header `Name,E-mail,Phone` used to be sent as
/// `{"data":[{}]}` with exit 0.
///
/// - When no input record has any of `name`, `email`, `phone`, the command fails before sending,
///   naming the fields it found and the ones it wants (with a rename to copy when the found names
///   differ only in case or punctuation: `each { {name: $it.Name, email: $it.E-mail} }`).
/// - A row with none of them, or whose phone is no phone (see `isPhone`), is reported on stderr
///   by its 1-based number and not sent; when no row is left, that is an error.
/// - A phone that arrived as a number (an inferred CSV cell) is sent as text.
enum SMSContacts {
    /// The fields a contact row is made of, in the order sent.
    static let fields = ["name", "email", "phone"]

    /// The rows to send (each a record of `fields` only).
    static func rows(_ input: [Value], command: String, notice: (String) -> Void) throws -> [Value] {
        let records = input.compactMap(\.recordValue)
        if !records.isEmpty, !records.contains(where: { r in fields.contains { r[$0] != nil } }) {
            throw unusable(records, command: command)
        }
        var out: [Value] = []
        for (n, item) in input.enumerated() {
            guard let r = item.recordValue else {
                notice("\(command): row \(n + 1) skipped: a '\(item.typeName)', not a record.")
                continue
            }
            var row = Record()
            for key in fields {
                switch r[key] {
                case .string(let s)? where !Substring(s).trimmingSpaces.isEmpty: row[key] = .string(s)
                case .int(let i)?: row[key] = key == "phone" ? .string(String(i)) : .int(i)
                case let v? where !v.isNull && v.stringValue == nil: row[key] = v
                default: break
                }
            }
            if row.keys.isEmpty {
                notice("\(command): row \(n + 1) skipped: it has no name, email or phone.")
                continue
            }
            if let phone = row["phone"], !(phone.stringValue.map(isPhone) ?? false) {
                notice("\(command): row \(n + 1) skipped: '\(phone.displayText)' is not a phone number.")
                continue
            }
            out.append(.record(row))
        }
        if out.isEmpty, !input.isEmpty {
            throw CRMError.usage("no-rows", "'\(command)' has no row to send: every input row was skipped (see above).")
        }
        return out
    }

    /// A phone number: an optional leading `+`, then 7–15 digits, with spaces, dashes, dots and
    /// parentheses allowed between them (`+380 50 111-22-38`).
    static func isPhone(_ text: String) -> Bool {
        var s = Substring(Substring(text).trimmingSpaces)
        if s.hasPrefix("+") { s = s.dropFirst() }
        var digits = 0
        for c in s {
            if c.isASCII && c.isNumber {
                digits += 1
            } else if !" -.()".contains(c) {
                return false
            }
        }
        return (7...15).contains(digits)
    }

    /// The error for input records none of whose fields is wanted.
    static func unusable(_ records: [Record], command: String) -> CRMError {
        var found: [String] = []
        for r in records.prefix(100) { for k in r.keys where !found.contains(k) { found.append(k) } }
        func squash(_ s: String) -> String { s.lowercased().filter { $0.isLetter } }
        let renames = fields.compactMap { want in found.first { squash($0) == want }.map { "\(want): $it.\($0)" } }
        let shown = found.isEmpty ? "no fields" : found.prefix(10).map { "'\($0)'" }.joined(separator: ", ")
        return CRMError(
            "usage.unusable-records",
            "'\(command)' found no field it can use in its input records: they have \(shown); it wants "
                + fields.map { "'\($0)'" }.joined(separator: ", ") + ".",
            help: renames.isEmpty
                ? "Give each record a name, email or phone field."
                : "Rename the fields first: ... | each { {\(renames.joined(separator: ", "))} } | \(command) …",
            exit: .usage)
    }
}
