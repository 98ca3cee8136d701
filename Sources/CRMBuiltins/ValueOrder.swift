import CRMCore

/// The total order `sort-by`, `min` and `max` use, so mixed data never fails to sort:
/// null < bool < number < duration < datetime < string < list < record. Ints and doubles compare by numeric value;
/// lists compare element by element; records compare field by field (key, then value).
enum ValueOrder {
    /// -1, 0 or 1 as `a` sorts before, with, or after `b`.
    static func compare(_ a: Value, _ b: Value) -> Int {
        let ra = rank(a)
        let rb = rank(b)
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.int(let x), .int(let y)), (.datetime(let x), .datetime(let y)), (.duration(let x), .duration(let y)):
            return x == y ? 0 : (x < y ? -1 : 1)
        case (.string(let x), .string(let y)): return x == y ? 0 : (x < y ? -1 : 1)
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                let c = compare(p, q)
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        case (.record(let x), .record(let y)):
            for (p, q) in zip(x.fields, y.fields) {
                if p.key != q.key { return p.key < q.key ? -1 : 1 }
                let c = compare(p.value, q.value)
                if c != 0 { return c }
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        default:
            // Numbers of mixed kinds (int vs double), or two doubles.
            let x = a.doubleValue ?? 0
            let y = b.doubleValue ?? 0
            if x.isNaN || y.isNaN { return x.isNaN == y.isNaN ? 0 : (x.isNaN ? -1 : 1) }
            return x == y ? 0 : (x < y ? -1 : 1)
        }
    }

    /// Whether `a` sorts strictly before `b`.
    static func less(_ a: Value, _ b: Value) -> Bool { compare(a, b) < 0 }

    private static func rank(_ v: Value) -> Int {
        switch v {
        case .null: 0
        case .bool: 1
        case .int, .double: 2
        case .duration: 3
        case .datetime: 4
        case .string: 5
        case .list: 6
        case .record: 7
        }
    }
}
