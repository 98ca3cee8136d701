import CRMCore

/// The interpreter's global variables: one slot per name, kept across REPL lines. Unset slots
/// (names read before any assignment) are nil and report `Unknown variable` when read.
final class Globals {
    private(set) var index: [String: Int] = [:]
    private(set) var names: [String] = []
    var values: ContiguousArray<Value?> = []
    /// Names assigned at the top level somewhere in the code resolved so far: a `set` inside a
    /// block or `def` assigns these instead of creating a local.
    var declared: Set<String> = []

    /// The slot of `name`, created (unset) if needed.
    func slot(_ name: String) -> Int {
        if let i = index[name] { return i }
        let i = names.count
        index[name] = i
        names.append(name)
        values.append(nil)
        return i
    }

    /// The set globals by name.
    var snapshot: [String: Value] {
        var out: [String: Value] = [:]
        for (i, n) in names.enumerated() { if let v = values[i] { out[n] = v } }
        return out
    }
}

/// The local slots of one running `def` call or top-level program. A class so blocks handed to
/// commands (and lazy streams that run them) keep the frame they were written in. Slot numbers
/// come from the resolver, which sizes the frame for every slot it hands out.
final class Frame {
    var slots: ContiguousArray<Value>

    init(size: Int) { slots = ContiguousArray(repeating: .null, count: max(size, 1)) }
}
