import CRMCore

/// A parsed field path: `name`, `a.b`, `a[0]`, `accounts.0.account_id`, `items[-1]`.
///
/// A numeric segment indexes a list (negative counts from the end) and names a field on a record,
/// so `accounts.0` and `accounts[0]` mean the same. Lookups fail with a located error that names
/// the missing field and suggests the nearest existing key.
struct FieldPath: Sendable, Equatable, CustomStringConvertible {
    /// One step of a path.
    enum Segment: Sendable, Equatable {
        case field(String)
        case index(Int)
    }

    /// The steps in order.
    let segments: [Segment]
    /// The path as the user wrote it.
    let text: String

    var description: String { text }

    /// A path from parsed segments.
    init(segments: [Segment], text: String) {
        self.segments = segments
        self.text = text
    }

    /// Parses `text`; throws a usage error for an empty or malformed path (`a..b`, `a[x]`).
    init(_ text: String, at loc: SourceLocation? = nil) throws {
        self.text = text
        func bad() -> CRMError { CRMError.usage("bad-path", "Invalid field path '\(text)'.", at: loc) }
        var segs: [Segment] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            if chars[i] == "[" {
                guard let close = chars[i...].firstIndex(of: "]"),
                    let n = Int(String(chars[(i + 1)..<close]).trimmingSpaces)
                else { throw bad() }
                segs.append(.index(n))
                i = close + 1
            } else {
                var name = ""
                while i < chars.count, chars[i] != ".", chars[i] != "[" {
                    name.append(chars[i])
                    i += 1
                }
                guard !name.isEmpty else { throw bad() }
                segs.append(Int(name).map(Segment.index) ?? .field(name))
            }
            // After a segment: the end, a '[', or a '.' that must be followed by another segment.
            if i < chars.count, chars[i] == "." {
                i += 1
                guard i < chars.count, chars[i] != "." else { throw bad() }
            } else if i < chars.count, chars[i] != "[" {
                throw bad()
            }
        }
        guard !segs.isEmpty else { throw bad() }
        segments = segs
    }

    /// The value at this path in `value`; throws `runtime.missing-field` (with a did-you-mean) or
    /// `runtime.bad-index` when a step does not exist. `item` (1-based) is named in the message.
    func lookup(in value: Value, item: Int? = nil, at loc: SourceLocation?) throws -> Value {
        var cur = value
        let suffix = item.map { " in item \($0)" } ?? ""
        for seg in segments {
            switch (seg, cur) {
            case (.field(let name), .record(let r)):
                guard let v = r[name] else {
                    throw CRMError.runtime(
                        "missing-field",
                        "Field '\(name)' not found\(suffix)" + Suggestion.didYouMean(name, in: r.keys), at: loc)
                }
                cur = v
            case (.index(let i), .record(let r)):
                guard let v = r[String(i)] else {
                    throw CRMError.runtime("missing-field", "Field '\(i)' not found\(suffix).", at: loc)
                }
                cur = v
            case (.index(let i), .list(let l)):
                let j = i < 0 ? l.count + i : i
                guard j >= 0, j < l.count else {
                    throw CRMError.runtime(
                        "bad-index", "Index \(i) is out of range for a list of \(l.count) items\(suffix).", at: loc)
                }
                cur = l[j]
            case (.field(let name), _):
                throw CRMError.runtime(
                    "missing-field", "Cannot get field '\(name)' of a value of type '\(cur.typeName)'\(suffix).",
                    at: loc)
            case (.index(let i), _):
                throw CRMError.runtime(
                    "bad-index", "Cannot index \(i) into a value of type '\(cur.typeName)'\(suffix).", at: loc)
            }
        }
        return cur
    }

    /// The value at this path, or nil when any step is missing (for `sort-by`, `select`, `uniq`).
    func value(in value: Value) -> Value? {
        try? lookup(in: value, at: nil)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
