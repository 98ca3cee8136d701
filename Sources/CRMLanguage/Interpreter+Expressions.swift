import CRMCore
import Foundation

extension Interpreter {
    /// Evaluates an expression in `frame`.
    func eval(_ e: Expr, _ frame: Frame) async throws -> Value {
        switch e {
        case .literal(let v):
            return v
        case .variable(let ref):
            return try read(ref, frame)
        case .binary(let op, let l, let r, let loc):
            let a: Value
            let b: Value
            if let v = try simple(l, frame) { a = v } else { a = try await eval(l, frame) }
            if let v = try simple(r, frame) { b = v } else { b = try await eval(r, frame) }
            return try Operators.apply(op, a, b, at: loc)
        case .interpolated(let parts):
            var s = ""
            for part in parts {
                switch part {
                case .text(let t): s += t
                case .expr(let x): s += try await eval(x, frame).displayText
                }
            }
            return .string(s)
        case .itemField(let path, let it):
            let item = try read(it, frame)
            guard case .record = item else {
                throw CRMError.runtime(
                    "bad-field", "Cannot read field '\(path.text)' of '\(item.typeName)'.", at: it.location)
            }
            return path.value(in: item) ?? .null
        case .path(let base, let steps):
            var v = try await eval(base, frame)
            for step in steps {
                switch step {
                case .field(let name, let loc): v = try Paths.field(name, of: v, at: loc)
                case .optional(let name, let loc):
                    if v.isNull { return .null }
                    v = try Paths.field(name, of: v, at: loc)
                case .index(let x, let loc): v = try Paths.index(try await eval(x, frame), of: v, at: loc)
                }
            }
            return v
        case .list(let items):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for x in items { out.append(try Nesting.checked(try await eval(x, frame))) }
            return .list(out)
        case .record(let fields):
            var r = Record()
            for f in fields {
                var key = ""
                if case .literal(.string(let k)) = f.key {
                    key = k
                } else {
                    key = try await eval(f.key, frame).displayText
                }
                r[key] = try Nesting.checked(try await eval(f.value, frame))
            }
            return .record(r)
        case .negate(let x, let loc):
            return try Operators.negate(try await eval(x, frame), at: loc)
        case .not(let x):
            return .bool(!(try await eval(x, frame).isTruthy))
        case .and(let l, let r):
            guard try await eval(l, frame).isTruthy else { return .bool(false) }
            return .bool(try await eval(r, frame).isTruthy)
        case .or(let l, let r):
            if try await eval(l, frame).isTruthy { return .bool(true) }
            return .bool(try await eval(r, frame).isTruthy)
        case .pipeline(let p):
            let mark = blocks.count
            defer { truncateBlocks(mark) }
            do {
                return try await runPipeline(p, input: .empty, frame).collect()
            } catch let e as CRMError {
                throw e.located(p.location)
            }
        }
    }

    /// Literals and variables without an async call: the hot path of loops like `$s + $i`.
    @inline(__always)
    func simple(_ e: Expr, _ frame: Frame) throws -> Value? {
        switch e {
        case .literal(let v): return v
        case .variable(let ref): return try read(ref, frame)
        default: return nil
        }
    }

    /// Reads a variable from its slot.
    func read(_ ref: VarRef, _ frame: Frame) throws -> Value {
        switch ref.slot {
        case .local(let i):
            return frame.slots[i]
        case .global(let i):
            if let v = globals.values[i] { return v }
            let names = globals.snapshot.keys.sorted().map { "$" + $0 }
            throw CRMError.runtime(
                "unknown-variable",
                "Unknown variable '$\(ref.name)'" + Suggestion.didYouMean("$" + ref.name, in: names),
                at: ref.location)
        case .args:
            return .list(scriptArguments.map { .string($0) })
        case .arg(let n):
            guard n >= 1, n <= scriptArguments.count else { return .null }
            return .string(scriptArguments[n - 1])
        case .env:
            var r = Record()
            for (k, v) in ProcessInfo.processInfo.environment.sorted(by: { $0.key < $1.key }) { r[k] = .string(v) }
            return .record(r)
        case .unresolved:
            throw CRMError.runtime("unresolved", "Variable '$\(ref.name)' was not resolved.", at: ref.location)
        }
    }
}

/// Field and index access on values (`$p.accounts[0].account_id`).
enum Paths {
    static func field(_ name: String, of v: Value, at loc: SourceLocation) throws -> Value {
        switch v {
        case .record(let r): return r[name] ?? .null
        case .list(let items):
            if let i = Int(name) { return try index(.int(i), of: v, at: loc) }
            return .list(try items.map { try field(name, of: $0, at: loc) })
        case .null:
            throw CRMError.runtime("null-field", "Cannot read field '\(name)' of null.", at: loc)
        default:
            throw CRMError.runtime("bad-field", "Cannot read field '\(name)' of '\(v.typeName)'.", at: loc)
        }
    }

    static func index(_ i: Value, of v: Value, at loc: SourceLocation) throws -> Value {
        switch (v, i) {
        case (.list(let items), .int(let n)):
            let k = n < 0 ? items.count + n : n
            guard k >= 0, k < items.count else {
                throw CRMError.runtime(
                    "index-range", "Index \(n) is out of range for a list of \(items.count) items.", at: loc)
            }
            return items[k]
        case (.record(let r), .string(let key)): return r[key] ?? .null
        case (.string(let s), .int(let n)):
            let chars = Array(s)
            let k = n < 0 ? chars.count + n : n
            guard k >= 0, k < chars.count else {
                throw CRMError.runtime(
                    "index-range", "Index \(n) is out of range for a string of \(chars.count) characters.", at: loc)
            }
            return .string(String(chars[k]))
        case (.null, _):
            throw CRMError.runtime("null-index", "Cannot index null with '\(i.displayText)'.", at: loc)
        default:
            throw CRMError.runtime("bad-index", "Cannot index '\(v.typeName)' with '\(i.typeName)'.", at: loc)
        }
    }
}
