/// One Tab completion candidate.
public struct CompletionItem: Sendable, Equatable {
    /// The text inserted into the line (already quoted when it needs quotes).
    public var value: String
    /// What the candidate list shows instead of `value` (`42 — Ann Lee`), if anything.
    public var label: String?
    /// Whether the editor adds a space after inserting this as the only match (commands, flags and
    /// finished words do; variables, fields and directories do not, so typing can go on).
    public var appendsSpace: Bool

    /// A candidate; `appendsSpace` is decided by the completer for the kind of word it completes.
    public init(value: String, label: String? = nil, appendsSpace: Bool = false) {
        self.value = value
        self.label = label
        self.appendsSpace = appendsSpace
    }

    /// The text shown in the candidate list.
    public var display: String { label ?? value }
}

/// The answer to one Tab press: which part of the line to replace and the candidates.
public struct CompletionResult: Sendable, Equatable {
    /// The character offset in the line where the replaced word starts; the word ends at the cursor.
    public var replaceFrom: Int
    /// The candidates, in the order to show them.
    public var items: [CompletionItem]

    /// A result replacing from `replaceFrom` to the cursor with one of `items`.
    public init(replaceFrom: Int, items: [CompletionItem]) {
        self.replaceFrom = replaceFrom
        self.items = items
    }

    /// No candidates.
    public static func none(at cursor: Int) -> CompletionResult { CompletionResult(replaceFrom: cursor, items: []) }

    /// The longest prefix every candidate value shares.
    public var commonPrefix: String {
        guard var prefix = items.first?.value else { return "" }
        for item in items.dropFirst() {
            while !item.value.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
