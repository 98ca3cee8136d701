/// A JSON-like value: the one data type of the crm language, of command arguments and of API bodies.
///
/// Records keep their keys in insertion order (API field order is what users expect to see), so a
/// record is stored as an ordered array of pairs rather than a dictionary. Lookups are linear, which
/// beats hashing for the 5–30 keys API objects carry.
public enum Value: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    case record(Record)
    /// An instant, as milliseconds since 1970-01-01T00:00:00Z (UTC; see `DateTime`).
    case datetime(Int)
    /// A length of time in milliseconds (`30d`, `45s`; see `DurationText`).
    case duration(Int)

    /// The name of the value's type as the language reports it in errors.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        case .list: "list"
        case .record: "record"
        case .datetime: "datetime"
        case .duration: "duration"
        }
    }

    /// Whether the value counts as true in `if`, `where`, `and`, `or` and `not`.
    ///
    /// null, false, 0, 0.0, "" and empty lists and records are false; everything else is true.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let b): b
        case .int(let i): i != 0
        case .double(let d): d != 0
        case .string(let s): !s.isEmpty
        case .list(let l): !l.isEmpty
        case .record(let r): !r.isEmpty
        case .datetime: true
        case .duration(let ms): ms != 0
        }
    }

    /// The string payload, if this is a string.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The int payload, or a double that is a whole number, or a string that parses as an int.
    public var intValue: Int? {
        switch self {
        case .int(let i): i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: Int(d)
        case .string(let s): Int(s)
        default: nil
        }
    }
    /// The numeric payload as a double.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        case .string(let s): Double(s)
        default: nil
        }
    }
    /// The list payload, if this is a list.
    public var listValue: [Value]? { if case .list(let l) = self { l } else { nil } }
    /// The record payload, if this is a record.
    public var recordValue: Record? { if case .record(let r) = self { r } else { nil } }
    /// Whether this is `.null`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The field `name` of a record, or nil for a missing field or a non-record.
    public subscript(field name: String) -> Value? {
        if case .record(let r) = self { return r[name] }
        return nil
    }

    /// Text for interpolation and `echo`: strings unquoted, everything else as compact JSON.
    public var displayText: String {
        switch self {
        case .string(let s): s
        case .null: ""
        case .datetime(let ms): DateTime.iso(ms)
        case .duration(let ms): DurationText.format(ms)
        default: toJSON()
        }
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(dictionaryLiteral elements: (String, Value)...) { self = .record(Record(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
