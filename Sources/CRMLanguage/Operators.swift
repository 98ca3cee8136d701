import CRMCore

/// Arithmetic and comparison on values. Integer overflow and division by zero are errors, never
/// traps; ints and doubles mix as doubles; `+` also joins strings, lists and records.
enum Operators {
    static func apply(_ op: BinaryOp, _ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch op {
        case .add: return try add(a, b, at: loc)
        case .sub, .mul, .div, .mod: return try arithmetic(op, a, b, at: loc)
        case .eq: return .bool(equal(a, b))
        case .ne: return .bool(!equal(a, b))
        case .lt, .le, .gt, .ge:
            guard let c = try compare(a, b, op, at: loc) else { return .bool(false) }
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        }
    }

    static func overflow(_ op: BinaryOp, at loc: SourceLocation) -> CRMError {
        CRMError.runtime("overflow", "Integer overflow in '\(op.rawValue)'.", at: loc)
    }

    static func add(_ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow(.add, at: loc) }
            return .int(r)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.datetime, .duration), (.duration, .datetime), (.duration, .duration):
            return try TimeOperators.add(a, b, at: loc)
        case (.record(var x), .record(let y)):
            for f in y { x[f.key] = f.value }
            return .record(x)
        default:
            if let x = number(a), let y = number(b) { return try finite(x + y, .add, at: loc) }
            let text = if case .string = a { true } else if case .string = b { true } else { false }
            throw CRMError.runtime(
                "type",
                "Cannot add '\(a.typeName)' and '\(b.typeName)'."
                    + (text ? " To put a value into text, use interpolation: \"count: $n\"." : ""), at: loc)
        }
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    static func finite(_ d: Double, _ op: BinaryOp, at loc: SourceLocation) throws -> Value {
        guard d.isFinite else { throw CRMError.runtime("overflow", "Number overflow in '\(op.rawValue)'.", at: loc) }
        return .double(d)
    }

    static func arithmetic(_ op: BinaryOp, _ a: Value, _ b: Value, at loc: SourceLocation) throws -> Value {
        let verb =
            switch op {
            case .sub: "subtract"
            case .mul: "multiply"
            case .div: "divide"
            default: "take the remainder of"
            }
        if case .int(let x) = a, case .int(let y) = b {
            switch op {
            case .sub:
                let (r, o) = x.subtractingReportingOverflow(y)
                if o { throw overflow(op, at: loc) }
                return .int(r)
            case .mul:
                let (r, o) = x.multipliedReportingOverflow(by: y)
                if o { throw overflow(op, at: loc) }
                return .int(r)
            case .div:
                if y == 0 { throw CRMError.runtime("division-by-zero", "Division by zero.", at: loc) }
                let (q, o) = x.dividedReportingOverflow(by: y)
                if o { throw overflow(op, at: loc) }
                let (rem, _) = x.remainderReportingOverflow(dividingBy: y)
                return rem == 0 ? .int(q) : .double(Double(x) / Double(y))
            default:
                if y == 0 { throw CRMError.runtime("division-by-zero", "Division by zero.", at: loc) }
                let (r, o) = x.remainderReportingOverflow(dividingBy: y)
                if o { throw overflow(op, at: loc) }
                return .int(r)
            }
        }
        if let r = try TimeOperators.arithmetic(op, a, b, at: loc) { return r }
        guard let x = number(a), let y = number(b) else {
            throw CRMError.runtime("type", "Cannot \(verb) '\(a.typeName)' and '\(b.typeName)'.", at: loc)
        }
        switch op {
        case .sub: return try finite(x - y, op, at: loc)
        case .mul: return try finite(x * y, op, at: loc)
        case .div:
            if y == 0 { throw CRMError.runtime("division-by-zero", "Division by zero.", at: loc) }
            return try finite(x / y, op, at: loc)
        default:
            if y == 0 { throw CRMError.runtime("division-by-zero", "Division by zero.", at: loc) }
            return try finite(x.truncatingRemainder(dividingBy: y), op, at: loc)
        }
    }

    /// Equality where `1 == 1.0`.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = number(a), let y = number(b) { return x == y }
        if let c = TimeOperators.compareTimes(a, b) { return c == 0 }
        return a == b
    }

    /// -1, 0 or 1; nil when either side is null (comparisons with null are false).
    static func compare(_ a: Value, _ b: Value, _ op: BinaryOp, at loc: SourceLocation) throws -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case (.int(let x), .int(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.string(let x), .string(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.datetime, _), (_, .datetime), (.duration, .duration):
            if let c = TimeOperators.compareTimes(a, b) { return c }
            throw CRMError.runtime("type", "Cannot compare '\(a.typeName)' and '\(b.typeName)'.", at: loc)
        default:
            if let x = number(a), let y = number(b) { return x < y ? -1 : x == y ? 0 : 1 }
            throw CRMError.runtime("type", "Cannot compare '\(a.typeName)' and '\(b.typeName)'.", at: loc)
        }
    }

    static func negate(_ v: Value, at loc: SourceLocation) throws -> Value {
        switch v {
        case .int(let i):
            let (r, o) = (0).subtractingReportingOverflow(i)
            if o { throw CRMError.runtime("overflow", "Integer overflow in '-'.", at: loc) }
            return .int(r)
        case .double(let d): return .double(-d)
        case .duration(let ms) where ms != Int.min: return .duration(-ms)
        default: throw CRMError.runtime("type", "Cannot negate '\(v.typeName)'.", at: loc)
        }
    }
}
