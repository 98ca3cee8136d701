import CRMCore

/// Completes `$name` from the shell's variables and `$name.field` / `$name.list[0].field` from the
/// variable's record value, also inside an interpolated double-quoted string (`"hi $na`).
enum VariableCompleter {
    /// Candidates when the cursor word is a variable reference, or nil when it is not one.
    static func complete(_ partial: CompletionWord, openQuote: Character?, variables: [String: Value])
        -> CompletionResult?
    {
        let raw = Array(partial.raw)
        let dollar: Int
        if openQuote == nil {
            guard raw.first == "$" else { return nil }
            dollar = 0
        } else if openQuote == "\"", let last = raw.lastIndex(of: "$"),
            raw[(last + 1)...].allSatisfy({ $0.isLetter || $0.isNumber || "_.[]{".contains($0) })
        {
            dollar = last
        } else {
            return nil
        }
        var body = Array(raw[(dollar + 1)...])
        var braced = false
        if body.first == "{" {
            braced = true
            body.removeFirst()
        }
        let start = partial.start + dollar
        let bodyStart = start + 1 + (braced ? 1 : 0)
        guard let pathStart = body.firstIndex(where: { $0 == "." || $0 == "[" }) else {
            let typed = String(body)
            let items = variables.keys.filter { $0.hasPrefix(typed) }.sorted().map {
                CompletionItem(value: braced ? "${\($0)}" : "$\($0)", label: nil, appendsSpace: false)
            }
            return CompletionResult(replaceFrom: start, items: items)
        }
        guard let lastDot = body.lastIndex(of: "."), lastDot >= pathStart else {
            return .none(at: partial.start + raw.count)
        }
        let name = String(body[..<pathStart])
        guard let root = variables[name] else { return .none(at: partial.start + raw.count) }
        let value = walk(root, path: Array(body[pathStart..<lastDot]))
        let typed = String(body[(lastDot + 1)...])
        let keys = fieldNames(of: value).filter { $0.hasPrefix(typed) }
        let items = keys.map { CompletionItem(value: $0, label: nil, appendsSpace: false) }
        return CompletionResult(replaceFrom: bodyStart + lastDot + 1, items: items)
    }

    /// The value at a path like `.accounts[0].owner`; a list without an index stands for its first item.
    static func walk(_ root: Value, path: [Character]) -> Value {
        var value = root
        var i = 0
        while i < path.count {
            if path[i] == "." {
                var name = ""
                i += 1
                while i < path.count, path[i] != ".", path[i] != "[" {
                    name.append(path[i])
                    i += 1
                }
                value = field(name, of: value)
            } else if path[i] == "[" {
                var index = ""
                i += 1
                while i < path.count, path[i] != "]" {
                    index.append(path[i])
                    i += 1
                }
                i += 1
                if case .list(let items) = value {
                    let n = Int(index) ?? 0
                    let k = n < 0 ? items.count + n : n
                    value = items.indices.contains(k) ? items[k] : (items.first ?? .null)
                } else {
                    value = field(index.trimmingQuotes, of: value)
                }
            } else {
                i += 1
            }
        }
        return value
    }

    private static func field(_ name: String, of value: Value) -> Value {
        switch value {
        case .record(let r): r[name] ?? .null
        case .list(let items): items.first.map { field(name, of: $0) } ?? .null
        default: .null
        }
    }

    /// The keys of a record, or of the first record in a list.
    static func fieldNames(of value: Value) -> [String] {
        switch value {
        case .record(let r): r.keys
        case .list(let items): items.lazy.compactMap(\.recordValue).first?.keys ?? []
        default: []
        }
    }
}

extension String {
    fileprivate var trimmingQuotes: String {
        var s = Substring(self)
        while let f = s.first, f == "\"" || f == "'" { s = s.dropFirst() }
        while let l = s.last, l == "\"" || l == "'" { s = s.dropLast() }
        return String(s)
    }
}
