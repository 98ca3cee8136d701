/// The one rule for reading a command name from the words of a call: the longest name (three, two
/// or one words) that the leading words spell wins, so `v1 orders get ID` calls `v1 orders get`,
/// not `v1 orders` with the argument `get`. The resolver and Tab completion both use it.
public enum CommandNames {
    /// The most words a command name has (`v1 orders get`).
    public static let maxWords = 3

    /// The longest match among the first `maxWords` words, with how many words it took.
    public static func longestMatch<T>(_ words: [String], find: (String) -> T?) -> (match: T, words: Int)? {
        var n = min(maxWords, words.count)
        while n >= 1 {
            if let match = find(words.prefix(n).joined(separator: " ")) { return (match, n) }
            n -= 1
        }
        return nil
    }

    /// The words that can follow `prefix` in some name (`["v1", "orders"]` → `get`, `create`, …).
    public static func nextWords(after prefix: [String], in names: [String]) -> [String] {
        var out = Set<String>()
        for name in names {
            let parts = name.split(separator: " ").map(String.init)
            if parts.count > prefix.count && Array(parts.prefix(prefix.count)) == prefix {
                out.insert(parts[prefix.count])
            }
        }
        return out.sorted()
    }
}
