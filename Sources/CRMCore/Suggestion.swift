/// "Did you mean …?" help: the closest candidate within a small edit distance.
public enum Suggestion {
    /// The candidate nearest to `word` (Levenshtein, case-insensitive) within `maxDistance`, if any.
    /// When distances tie, a candidate that `word` is a prefix of wins (`ech` → `echo`, not `each`);
    /// otherwise the first candidate met.
    public static func closest(to word: String, in candidates: some Sequence<String>, maxDistance: Int = 2) -> String? {
        var best: (name: String, rank: (Int, Int))?
        let lower = word.lowercased()
        let w = Array(lower)
        for c in candidates {
            let cl = c.lowercased()
            let d = distance(w, Array(cl))
            let rank = (d, cl.hasPrefix(lower) ? 0 : 1)
            if d <= maxDistance, best.map({ rank < $0.rank }) ?? true { best = (c, rank) }
        }
        return best?.name
    }

    /// `. Did you mean 'x'?` or the empty string.
    public static func didYouMean(_ word: String, in candidates: some Sequence<String>) -> String {
        closest(to: word, in: candidates).map { ". Did you mean '\($0)'?" } ?? "."
    }

    /// `. Did you mean …?` for a name someone gave (a tag, a template): the nearest by edit
    /// distance, else the names that hold the word (`Welcome` → `Welcome message`, at most
    /// three), else the empty suggestion `.`. A template's name is often a phrase the user
    /// remembers one word of; edit distance alone would say nothing.
    public static func didYouMeanName(_ word: String, in candidates: [String]) -> String {
        if let near = closest(to: word, in: candidates) { return ". Did you mean '\(near)'?" }
        let lower = word.lowercased()
        let holding = lower.isEmpty ? [] : candidates.filter { $0.lowercased().contains(lower) }
        guard let first = holding.first else { return "." }
        if holding.count == 1 { return ". Did you mean '\(first)'?" }
        let shown = holding.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
        return ". Did you mean one of \(shown)\(holding.count > 3 ? ", …" : "")?"
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
}
