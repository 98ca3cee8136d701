import Foundation

/// Lays out completion candidates in columns under the prompt, as `ls` does (down, then across).
enum CompletionList {
    /// The most candidates printed; the rest are summarised in one line.
    static let maxShown = 200

    /// The lines to print for `items` on a terminal `width` columns wide.
    static func lines(for items: [CompletionItem], width: Int) -> [String] {
        let width = max(20, width)
        let shown = items.prefix(maxShown).map { clip($0.display, to: width - 1) }
        guard !shown.isEmpty else { return [] }
        let cellWidth = (shown.map(\.count).max() ?? 0) + 2
        let columns = max(1, min(shown.count, width / cellWidth))
        let rows = (shown.count + columns - 1) / columns
        var out: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < shown.count else { break }
                let cell = shown[index]
                let isLast = column == columns - 1 || (column + 1) * rows + row >= shown.count
                line += isLast ? cell : cell + String(repeating: " ", count: cellWidth - cell.count)
            }
            out.append(line)
        }
        if items.count > shown.count { out.append("… and \(items.count - shown.count) more") }
        return out
    }

    private static func clip(_ text: String, to width: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        return flat.count <= width ? flat : String(flat.prefix(max(1, width - 1))) + "…"
    }
}
