import CRMCore

/// Caps how deeply values built at run time may nest: by a list or record literal, by a command's
/// output (`default`, `join-on`, `count-by`, `open`) and by an assignment. A loop like
/// `set x = [$x]` or `set x = ({} | default a $x)` could otherwise build a value so deep that
/// printing or freeing it overflows the stack; past `maxDepth` it is a located error. The one
/// bound for every value a script holds (the JSON reader's own bound only keeps its recursion
/// shallow).
enum Nesting {
    /// The deepest a value built at run time may be.
    static let maxDepth = 100

    /// `data` unchanged, or an error when its value nests too deeply (a stream's items are
    /// checked where they are collected: an assignment, a literal).
    static func checked(_ data: PipelineData) throws -> PipelineData {
        if case .value(let v) = data { _ = try checked(v) }
        return data
    }

    /// `v` unchanged, or an error when putting it inside a literal would nest too deeply.
    @inline(__always)
    static func checked(_ v: Value) throws -> Value {
        switch v {
        case .list, .record:
            if depth(of: v, budget: maxDepth) >= maxDepth {
                throw CRMError.runtime(
                    "too-deep", "Value is nested too deeply (more than \(maxDepth) levels of lists and records).")
            }
            return v
        default:
            return v
        }
    }

    /// The nesting depth of `v`, counting at most `budget` levels (so the walk itself stays shallow).
    static func depth(of v: Value, budget: Int) -> Int {
        guard budget > 0 else { return 0 }
        var deepest = 0
        switch v {
        case .list(let items):
            for x in items {
                switch x {
                case .list, .record: deepest = max(deepest, depth(of: x, budget: budget - 1))
                default: continue
                }
                if deepest >= budget - 1 { break }
            }
        case .record(let r):
            for f in r {
                switch f.value {
                case .list, .record: deepest = max(deepest, depth(of: f.value, budget: budget - 1))
                default: continue
                }
                if deepest >= budget - 1 { break }
            }
        default:
            return 0
        }
        return deepest + 1
    }
}
