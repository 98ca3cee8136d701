import CRMCore

/// The key normalisers shared by `join-on --normalize` and `normalize`: one rule each, stated here.
///
/// - `phone`: keeps the digits and compares the national part, taken as the **last 9 digits**.
///   So `+380 50 123-45-67`, `380501234567`, `0501234567`, `050 123 45 67` and `00380501234567`
///   all become `501234567`. Nine digits is the national significant number of Ukraine, Spain,
///   France, Poland, Portugal, Belgium …, which covers the sandbox's `+380` numbers; a 10-digit
///   national number (US `+1 212 555 0100`) compares on its last 9 digits, which still meets
///   `(212) 555-0100` and `1-212-555-0100`.
///   Limits: two numbers that differ only before their last 9 digits (other country code, other
///   area code of a long national number) meet; a national number shorter than 9 digits (Denmark,
///   Norway, Singapore: 8) does not meet its form with the country code (`12345678` vs
///   `+45 12345678`). Fewer than 7 digits is not a phone: the key is null and matches nothing.
/// - `email`: trims spaces and lower-cases (`  Ann@Example.COM ` → `ann@example.com`).
/// - `text`: trims, lower-cases (Unicode lower case) and collapses runs of spaces into one.
///
/// Null, non-text values (numbers are used as their text) and empty results give a null key,
/// which never matches in a join.
public enum Normalizer: String, Sendable, CaseIterable {
    case phone, email, text

    /// The number of trailing digits that make the national part of a phone number.
    public static let nationalDigits = 9
    /// Fewer digits than this is not a phone number.
    public static let minimumPhoneDigits = 7

    /// The words users type (`phone|email|text`), the one list for flags and help.
    public static var names: [String] { allCases.map(\.rawValue) }

    /// The normalised key of `value`, or nil when it has none (null, a list or record, empty text).
    public func key(_ value: Value) -> String? {
        let text: String
        switch value {
        case .string(let s): text = s
        case .int, .double: text = value.displayText
        default: return nil
        }
        let out: String
        switch self {
        case .phone:
            let digits = text.unicodeScalars.filter { $0.properties.numericType == .decimal && $0.isASCII }
            guard digits.count >= Self.minimumPhoneDigits else { return nil }
            out = String(String.UnicodeScalarView(digits.suffix(Self.nationalDigits)))
        case .email:
            out = text.trimmingSpaces.lowercased()
        case .text:
            out = text.trimmingSpaces.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        return out.isEmpty ? nil : out
    }

    /// The key of a value used by a join without `--normalize`: its text as it is (numbers as
    /// their text), nil for null, lists and records.
    public static func rawKey(_ value: Value) -> String? {
        switch value {
        case .string(let s): return s
        case .int, .double, .bool: return value.displayText
        default: return nil
        }
    }
}
