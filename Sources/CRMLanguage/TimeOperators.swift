import CRMCore

/// Operators on datetimes, durations and the `"#" * 3` string repeat, kept apart from the number
/// rules in `Operators`: datetime ± duration is a datetime, datetime − datetime a duration,
/// durations add, subtract and scale by numbers; a datetime compares with another or with an
/// ISO-8601 text.
enum TimeOperators {
    /// The longest text `*` may build, and the most times it may repeat one (an empty text too).
    static let maxRepeatLength = 10_000_000

    static func add(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.datetime(let t), .duration(let d)), (.duration(let d), .datetime(let t)):
            return .datetime(try sum(t, d, .add, at: loc))
        case (.duration(let x), .duration(let y)): return .duration(try sum(x, y, .add, at: loc))
        default: throw CRMError.runtime("type", "Cannot add '\(a.typeName)' and '\(b.typeName)'.", at: loc)
        }
    }

    /// The result of `-`, `*`, `/` on times or a string repeat; nil when neither side is one.
    static func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value? {
        switch (op, a, b) {
        case (.sub, .datetime(let t), .duration(let d)): return .datetime(try difference(t, d, op, at: loc))
        case (.sub, .datetime(let x), .datetime(let y)): return .duration(try difference(x, y, op, at: loc))
        case (.sub, .duration(let x), .duration(let y)): return .duration(try difference(x, y, op, at: loc))
        case (.mul, .duration(let d), _) where Operators.number(b) != nil:
            return .duration(try scaled(d, by: Operators.number(b) ?? 0, op, at: loc))
        case (.mul, _, .duration(let d)) where Operators.number(a) != nil:
            return .duration(try scaled(d, by: Operators.number(a) ?? 0, op, at: loc))
        case (.div, .duration(let d), _) where Operators.number(b) != nil:
            let n = Operators.number(b) ?? 0
            if n == 0 { throw CRMError.runtime("division-by-zero", "Division by zero.", at: loc) }
            return .duration(try scaled(d, by: 1 / n, op, at: loc))
        case (.mul, .string(let s), .int(let n)), (.mul, .int(let n), .string(let s)):
            guard n >= 0 else {
                throw CRMError.runtime("bad-value", "Cannot repeat text a negative number of times (\(n)).", at: loc)
            }
            // The count is bounded too: `"" * 9223372036854775806` is short but once looped for ever.
            let (size, overflow) = s.utf8.count.multipliedReportingOverflow(by: n)
            guard n <= maxRepeatLength, size <= maxRepeatLength, !overflow else {
                throw CRMError.runtime(
                    "overflow",
                    "Repeated text would be too long (\(n) times; at most \(maxRepeatLength) times and bytes).",
                    at: loc)
            }
            return .string(String(repeating: s, count: n))
        default:
            switch (a, b) {
            case (.datetime, _), (_, .datetime), (.duration, _), (_, .duration):
                throw CRMError.runtime(
                    "type", "Cannot apply '\(op.rawValue)' to '\(a.typeName)' and '\(b.typeName)'.", at: loc)
            default: return nil
            }
        }
    }

    /// -1, 0, 1 for two datetimes, a datetime and an ISO text (either side), or two durations.
    static func compareTimes(_ a: Value, _ b: Value) -> Int? {
        let pair: (Int, Int)
        switch (a, b) {
        case (.datetime(let x), .datetime(let y)), (.duration(let x), .duration(let y)): pair = (x, y)
        case (.datetime(let x), .string(let s)):
            guard let y = DateTime.parse(s) else { return nil }
            pair = (x, y)
        case (.string(let s), .datetime(let y)):
            guard let x = DateTime.parse(s) else { return nil }
            pair = (x, y)
        default: return nil
        }
        return pair.0 < pair.1 ? -1 : pair.0 == pair.1 ? 0 : 1
    }

    private static func sum(_ x: Int, _ y: Int, _ op: BinaryOp, at loc: SourceLocation) throws -> Int {
        let (r, o) = x.addingReportingOverflow(y)
        if o { throw Operators.overflow(op, at: loc) }
        return r
    }

    private static func difference(_ x: Int, _ y: Int, _ op: BinaryOp, at loc: SourceLocation) throws -> Int {
        let (r, o) = x.subtractingReportingOverflow(y)
        if o { throw Operators.overflow(op, at: loc) }
        return r
    }

    private static func scaled(_ d: Int, by n: Double, _ op: BinaryOp, at loc: SourceLocation) throws -> Int {
        let r = (Double(d) * n).rounded()
        guard r.isFinite, abs(r) < 9e18 else { throw Operators.overflow(op, at: loc) }
        return Int(r)
    }
}
