import CRMCore

/// Argument helpers the API commands share: required flags, validated dates, `key=value` pairs.
extension Arguments {
    /// The flag or positional `name` as text, or a usage error naming it when it is missing.
    func need(_ name: String, for command: String) throws -> String {
        guard let s = string(name), !s.isEmpty else {
            throw CRMError.usage("missing-flag", "'\(command)' needs --\(name).")
        }
        return s
    }

    /// The date flag `name`, checked to be `YYYY-MM-DD` or ISO-8601.
    func date(_ name: String) throws -> String? {
        guard let s = string(name) else { return nil }
        guard ISODate.isValid(s) else {
            throw CRMError.usage(
                "bad-date", "Expected a date like 2024-05-31 or 2024-05-31T12:00:00Z for --\(name), got '\(s)'.")
        }
        return s
    }

    /// The UTC day (`YYYY-MM-DD`) of date flag `name`: a datetime value's, or its text's when that
    /// is an ISO-8601 date; nil otherwise.
    func utcDay(_ name: String) -> String? {
        if case .datetime(let ms)? = value(name) { return DateTime.isoDate(ms) }
        return string(name).flatMap(DateTime.parse).map(DateTime.isoDate)
    }

    /// A `filter[last_message]` bound (the pages show `YYYY-MM-DD` and call it a 'js_date'): a
    /// datetime value with a time of day sends the full instant (`2024-03-22T15:30:07.250Z`), so
    /// `((now) - 90d)` means that instant and not its whole day; one at 00:00 UTC, a plain date,
    /// sends the date (`2024-03-22`), which the API reads as the whole day. Text is sent as given.
    func lastMessageBound(_ name: String) -> String? {
        guard case .datetime(let ms)? = value(name) else { return string(name) }
        return ms % 86_400_000 == 0 ? DateTime.isoDate(ms) : DateTime.iso(ms)
    }

    /// A date flag for a parameter the API documents as full ISO-8601 UTC (`2020-02-04T11:46:48.803Z`):
    /// a datetime value or any ISO-8601 text (also a bare date) is sent in that form; other text as given.
    func isoDateTime(_ name: String) -> String? {
        if case .datetime(let ms)? = value(name) { return DateTime.iso(ms) }
        guard let text = string(name), let ms = DateTime.parse(text) else { return string(name) }
        return DateTime.iso(ms)
    }

    /// A date flag for a parameter the API documents as `YYYY-MM-DD HH:mm` (UTC): a datetime value,
    /// or text in any ISO-8601 form, is sent in exactly that form; other text is sent as given.
    func minuteDate(_ name: String) -> String? {
        let ms: Int
        if case .datetime(let v)? = value(name) {
            ms = v
        } else if let text = string(name), let date = ISODate.parse(text) {
            ms = Int((date.timeIntervalSince1970 * 1000).rounded(.down))
        } else {
            return string(name)
        }
        let p = DateTime.parts(ms)
        return DateTime.isoDate(ms) + " " + String(format2: p.hour) + ":" + String(format2: p.minute)
    }

    /// A repeatable `key=value` flag as a record (`--var name=Ann --var city=Kyiv`).
    func keyValues(_ name: String) throws -> Record? {
        let pairs = strings(name)
        guard !pairs.isEmpty else { return nil }
        var record = Record()
        for pair in pairs {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw CRMError.usage("bad-value", "Expected key=value for --\(name), got '\(pair)'.")
            }
            record[String(pair[..<eq])] = .string(String(pair[pair.index(after: eq)...]))
        }
        return record
    }

    /// Every tag given to a repeatable `--tag`, with comma lists split (`--tag a,b --tag c`).
    func splitList(_ name: String) -> [String] {
        strings(name).flatMap { $0.split(separator: ",") }.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }
}

extension Substring {
    /// The text without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}

/// Small builders for query strings and bodies that drop absent values.
enum Build {
    /// Query pairs from `(key, value?)`, leaving out nil and empty values.
    static func query(_ pairs: [(String, String?)]) -> [(String, String)] {
        pairs.compactMap { k, v in v.flatMap { $0.isEmpty ? nil : (k, $0) } }
    }

    /// A JSON record body from `(key, value?)`, leaving out nil values.
    static func json(_ pairs: [(String, Value?)], merging extra: Value? = nil) -> RequestBody {
        var record = extra?.recordValue ?? Record()
        for (k, v) in pairs { if let v { record[k] = v } }
        return .json(.record(record))
    }

    /// `.string(s)` or nil.
    static func str(_ s: String?) -> Value? { s.map { .string($0) } }
}

extension String {
    /// A number as two digits (`7` → `07`).
    init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
