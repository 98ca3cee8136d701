import CRMCore

/// A field path of the item in a `where` condition, as written bare: `age`, `interaction.last`,
/// `accounts[0].from`, `accounts.0.from`. A numeric step indexes a list (negative counts from the
/// end) and names a field on a record. Looking up is lenient: a missing step gives nil (null to the
/// condition), so `where interaction.last == PHONE` is false, not an error, for an item without
/// `interaction`.
struct ItemPath: Equatable {
    /// The path as written (`accounts[0].from`), for messages.
    var text: String
    /// The steps: field names or decimal indexes.
    var steps: [String]

    /// A path from a bare word; the word's dots separate steps (`interaction.last`).
    init(word: String) {
        text = word
        steps = word.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// Adds a step written after the word: `.name` or `[3]`.
    mutating func append(field name: String) {
        text += "." + name
        steps.append(name)
    }

    /// Adds an index step `[n]`.
    mutating func append(index n: Int) {
        text += "[\(n)]"
        steps.append(String(n))
    }

    /// The value at this path in `item`, or nil when a step is missing.
    func value(in item: Value) -> Value? {
        var cur = item
        for step in steps {
            switch cur {
            case .record(let r):
                guard let v = r[step] else { return nil }
                cur = v
            case .list(let l):
                guard let n = Int(step) else { return nil }
                let k = n < 0 ? l.count + n : n
                guard k >= 0, k < l.count else { return nil }
                cur = l[k]
            default:
                return nil
            }
        }
        return cur
    }
}

/// The rule for bare words in a `where` condition, applied once after parsing it: a bare path on
/// the left of a comparison (`where interaction.last == PHONE`), or standing alone as a test
/// (`where tags`, `where not archived`), is a field path of the item; a bare word anywhere else
/// (`PHONE` above) is a string, as in command arguments.
enum PredicateWords {
    /// `condition` with every bare path outside a field position turned back into a string.
    static func apply(_ condition: Expr) -> Expr {
        switch condition {
        case .and(let l, let r): return .and(apply(l), apply(r))
        case .or(let l, let r): return .or(apply(l), apply(r))
        case .not(let x): return .not(apply(x))
        case .itemField, .path(.itemField, _): return condition
        case .binary(let op, let l, let r, let loc) where isComparison(op):
            let left = if case .binary(let lop, _, _, _) = l, isComparison(lop) { apply(l) } else { l }
            return .binary(op, left, strings(r), loc)
        default: return strings(condition)
        }
    }

    static func isComparison(_ op: BinaryOp) -> Bool {
        [.eq, .ne, .lt, .le, .gt, .ge].contains(op)
    }

    /// `e` with its bare paths as the strings they were written as.
    static func strings(_ e: Expr) -> Expr {
        switch e {
        case .itemField(let path, _): return .literal(.string(path.text))
        case .path(let base, let steps):
            return .path(
                strings(base),
                steps.map { if case .index(let x, let loc) = $0 { .index(strings(x), loc) } else { $0 } })
        case .list(let items): return .list(items.map(strings))
        case .record(let fields): return .record(fields.map { (strings($0.key), strings($0.value)) })
        case .negate(let x, let loc): return .negate(strings(x), loc)
        case .not(let x): return .not(strings(x))
        case .binary(let op, let l, let r, let loc): return .binary(op, strings(l), strings(r), loc)
        case .and(let l, let r): return .and(strings(l), strings(r))
        case .or(let l, let r): return .or(strings(l), strings(r))
        case .interpolated(let parts):
            return .interpolated(parts.map { if case .expr(let x) = $0 { .expr(strings(x)) } else { $0 } })
        case .literal, .variable, .pipeline: return e
        }
    }
}

extension Expr {
    /// The item paths a `where` condition reads (for the "no item has a field" warning).
    var itemPaths: [ItemPath] {
        switch self {
        case .itemField(let path, _): return [path]
        case .path(let base, _): return base.itemPaths
        case .list(let items): return items.flatMap(\.itemPaths)
        case .record(let fields): return fields.flatMap { $0.key.itemPaths + $0.value.itemPaths }
        case .negate(let x, _), .not(let x): return x.itemPaths
        case .binary(_, let l, let r, _), .and(let l, let r), .or(let l, let r): return l.itemPaths + r.itemPaths
        case .interpolated(let parts):
            return parts.flatMap { (part: InterpolationPart) -> [ItemPath] in
                if case .expr(let x) = part { return x.itemPaths }
                return []
            }
        case .literal, .variable, .pipeline: return []
        }
    }
}
