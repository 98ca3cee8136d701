import CRMCore

/// `set p.name = …`, `set xs[0] = …`, `set p.accounts[0].account_id = …`: a new value for part of
/// a variable's value. A record gains a missing field (and a missing record on the way is created:
/// `set p.address.city = "Kyiv"`); a list index must exist (negative counts from the end), else it
/// is a located error, as is a step into a value that has no parts (a number, a string, null).
extension Paths {
    /// One evaluated step of an assignment path.
    enum Key {
        case field(String)
        case index(Value)
    }

    /// `root` with the part at `steps` replaced by `new`; index expressions are evaluated first.
    static func assigning(
        _ new: Value, at steps: [PathStep], in root: Value, _ frame: Frame, _ interpreter: Interpreter
    ) async throws -> Value {
        var keys: [(Key, SourceLocation)] = []
        for step in steps {
            switch step {
            case .field(let name, let loc), .optional(let name, let loc): keys.append((.field(name), loc))
            case .index(let x, let loc): keys.append((.index(try await interpreter.eval(x, frame)), loc))
            }
        }
        return try Nesting.checked(try assigning(new, at: keys[...], in: root))
    }

    static func assigning(_ new: Value, at keys: ArraySlice<(Key, SourceLocation)>, in v: Value) throws -> Value {
        guard let first = keys.first else { return new }
        let (key, loc) = first
        let rest = keys.dropFirst()
        switch (v, key) {
        case (.record(var r), .field(let name)), (.record(var r), .index(.string(let name))):
            // A missing field on the way to a deeper field starts as an empty record.
            let inner = r[name] ?? (rest.isEmpty ? .null : .record(Record()))
            r[name] = try assigning(new, at: rest, in: inner)
            return .record(r)
        case (.list(var items), .index(.int(let n))):
            let k = try listIndex(n, count: items.count, at: loc)
            items[k] = try assigning(new, at: rest, in: items[k])
            return .list(items)
        case (.list(var items), .field(let name)) where Int(name) != nil:
            let k = try listIndex(Int(name) ?? 0, count: items.count, at: loc)
            items[k] = try assigning(new, at: rest, in: items[k])
            return .list(items)
        case (_, .field(let name)):
            throw CRMError.runtime("bad-field", "Cannot set field '\(name)' of '\(v.typeName)'.", at: loc)
        case (_, .index(let i)):
            throw CRMError.runtime(
                "bad-index", "Cannot set index '\(i.displayText)' of '\(v.typeName)'.", at: loc)
        }
    }

    static func listIndex(_ n: Int, count: Int, at loc: SourceLocation) throws -> Int {
        let k = n < 0 ? count + n : n
        guard k >= 0, k < count else {
            throw CRMError.runtime("index-range", "Index \(n) is out of range for a list of \(count) items.", at: loc)
        }
        return k
    }
}
