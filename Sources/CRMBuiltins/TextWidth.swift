/// Terminal column widths of text, for table alignment: wide East Asian characters and emoji take
/// two columns, combining marks and zero-width characters none, everything else one.
enum TextWidth {
    /// The number of terminal columns `text` takes.
    static func of(_ text: String) -> Int {
        var n = 0
        for ch in text { n += of(ch) }
        return n
    }

    /// The number of terminal columns one character takes.
    static func of(_ ch: Character) -> Int {
        if ch.isASCII { return 1 }
        guard let first = ch.unicodeScalars.first else { return 0 }
        if isWide(first) || ch.unicodeScalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        if ch.unicodeScalars.allSatisfy({ isZeroWidth($0) }) { return 0 }
        return 1
    }

    /// `text` cut to at most `width` columns, ending in "…" when anything was cut.
    static func truncate(_ text: String, to width: Int) -> String {
        guard of(text) > width else { return text }
        guard width > 0 else { return "" }
        var out = ""
        var used = 0
        for ch in text {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces to `width` columns, on the right (or the left when `right`).
    static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let gap = width - of(text)
        guard gap > 0 else { return text }
        let spaces = String(repeating: " ", count: gap)
        return right ? spaces + text : text + spaces
    }

    private static func isWide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    private static func isZeroWidth(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return u.value == 0x200B
        }
    }
}
