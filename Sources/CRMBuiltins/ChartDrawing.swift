import CRMCore

/// Draws the pictures of `chart` and `funnel` as lines of text, fitted to a width: horizontal bars
/// with labels and numbers, and one-line sparklines. Pure, so snapshot tests pin them at a fixed
/// width.
///
/// Unicode drawing uses the block characters (eighth steps: `█▉▊▋▌▍▎▏`, spark `▁▂▃▄▅▆▇█`); ASCII
/// drawing uses `#` for bars and `_.:-=+*#` for sparks.
public struct ChartDrawing: Sendable {
    /// The columns of the whole picture.
    public var width: Int
    /// Block characters, else `#`.
    public var isUnicode: Bool

    public init(width: Int, isUnicode: Bool) {
        self.width = max(8, width)
        self.isUnicode = isUnicode
    }

    /// The drawing for a command's context: its display, `--width` and `--ascii` win.
    public static func forContext(_ settings: Settings, width: Int?, ascii: Bool) -> ChartDrawing {
        let d = settings.display
        return ChartDrawing(
            width: width ?? d?.width ?? Display.defaultWidth, isUnicode: !ascii && (d?.isUnicode ?? false))
    }

    /// One line per row: `label  bar  number [note]`. Bars are scaled so the largest value fills
    /// the bar column; a value above zero always shows at least a sliver.
    public func bars(_ rows: [(label: String, value: Double, text: String)], notes: [String]? = nil) -> [String] {
        guard !rows.isEmpty else { return [] }
        let labelWidth = min(rows.map { TextWidth.of($0.label) }.max() ?? 0, width / 3)
        let numberWidth = rows.map { TextWidth.of($0.text) }.max() ?? 0
        let noteWidth = notes.map { $0.map { TextWidth.of($0) }.max() ?? 0 } ?? 0
        let barWidth = max(1, width - labelWidth - numberWidth - 2 - (noteWidth > 0 ? noteWidth + 1 : 0))
        let top = rows.map(\.value).max() ?? 0
        return rows.enumerated().map { i, row in
            let label = TextWidth.pad(TextWidth.truncate(row.label, to: labelWidth), to: labelWidth)
            let bar = TextWidth.pad(self.bar(row.value, of: top, cells: barWidth), to: barWidth)
            var line = label + " " + bar + " " + TextWidth.pad(row.text, to: numberWidth, right: true)
            if let note = notes?[i], !note.isEmpty { line += " " + note }
            return trimRight(line)
        }
    }

    /// A bar of `value` scaled to `cells` columns where `top` fills them all.
    func bar(_ value: Double, of top: Double, cells: Int) -> String {
        guard top > 0, value > 0 else { return "" }
        let eighths = Int((value / top * Double(cells * 8)).rounded())
        if !isUnicode {
            return String(repeating: "#", count: max(1, (eighths + 4) / 8))
        }
        let full = eighths / 8
        let rest = eighths % 8
        let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        let out = String(repeating: "█", count: full) + partial[rest]
        return out.isEmpty ? "▏" : out
    }

    /// A one-line sparkline of `values`, averaged into at most `width` cells.
    public func spark(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "" }
        let cells = resample(values, to: width)
        let ramp: [Character] = isUnicode ? Array("▁▂▃▄▅▆▇█") : Array("_.:-=+*#")
        let low = cells.min() ?? 0
        let high = cells.max() ?? 0
        return String(
            cells.map { v -> Character in
                guard high > low else { return ramp[ramp.count / 2] }
                let i = Int(((v - low) / (high - low) * Double(ramp.count - 1)).rounded())
                return ramp[min(ramp.count - 1, max(0, i))]
            })
    }

    /// `values` averaged into `count` buckets (unchanged when there are no more than `count`).
    func resample(_ values: [Double], to count: Int) -> [Double] {
        guard values.count > count, count > 0 else { return values }
        return (0..<count).map { b in
            let start = b * values.count / count
            let end = max(start + 1, (b + 1) * values.count / count)
            let slice = values[start..<end]
            return slice.reduce(0, +) / Double(slice.count)
        }
    }

    private func trimRight(_ s: String) -> String {
        var out = s
        while out.last == " " { out.removeLast() }
        return out
    }

    /// A number as the picture prints it: whole numbers bare, others with up to 2 decimals.
    public static func numberText(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        let scaled = (v * 100).rounded() / 100
        return String(scaled)
    }
}
