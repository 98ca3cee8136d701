import CRMCore

/// Notices when a `where` condition names a field that no item of its input has (a typo such as
/// `intraction`, which would otherwise quietly compare null with null): the items are watched as
/// they pass, and at the end of the input one warning names the missing paths and the fields the
/// items do have: `where: no item has a field 'intraction' (fields: interaction, user, …)`.
/// Watching stops as soon as every path has been seen on some item.
struct MissingFieldWatch {
    /// How many field names the warning lists before `…`.
    static let shownFields = 8

    private let paths: [(text: String, path: FieldPath)]
    private var found: Set<Int> = []
    private var keys: [String] = []
    private var keySet: Set<String> = []
    private var sawItem = false

    /// A watch over the paths a condition reads (unparsable paths are not watched).
    init(_ fields: [String]) {
        paths = fields.compactMap { text in (try? FieldPath(text)).map { (text: text, path: $0) } }
    }

    /// Whether anything is still unseen.
    var isWatching: Bool { found.count < paths.count }

    /// Looks at one item of the input.
    mutating func see(_ item: Value) {
        guard isWatching else { return }
        sawItem = true
        for (i, p) in paths.enumerated() where !found.contains(i) && p.path.value(in: item) != nil {
            found.insert(i)
        }
        if case .record(let r) = item {
            for k in r.keys where keySet.insert(k).inserted { keys.append(k) }
        }
    }

    /// The warning for the paths no item had, or nil (also when there were no items).
    var warning: String? {
        guard sawItem else { return nil }
        let missing = paths.indices.filter { !found.contains($0) }.map { "'\(paths[$0].text)'" }
        guard !missing.isEmpty else { return nil }
        let shown = keys.prefix(Self.shownFields).joined(separator: ", ") + (keys.count > Self.shownFields ? ", …" : "")
        let what = missing.count == 1 ? "a field \(missing[0])" : "the fields \(missing.joined(separator: ", "))"
        return "where: no item has \(what)" + (keys.isEmpty ? " (the items are not records)" : " (fields: \(shown))")
    }
}
