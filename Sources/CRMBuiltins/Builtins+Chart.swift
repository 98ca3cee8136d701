import CRMCore
import Foundation

extension Builtins {
    static func chartCommands() -> [Command] { [chartBar, chartSpark, chartHist] }

    /// The flags every picture takes (`--ascii`, `--width`), shared with `funnel`.
    public static let chartFlags = [
        FlagSpec("ascii", .bool, "Draw with '#' even on a UTF-8 terminal"),
        FlagSpec("width", .int, "Columns to fit (default: the terminal's, else \(Display.defaultWidth))"),
    ]

    static let chartBar = Command(
        CommandSpec(
            "chart bar", group: "charts",
            summary: "Draws horizontal bars with the numbers beside them, one per item (record fields, "
                + "{value, count} pairs or numbers).",
            flags: [
                FlagSpec(
                    "label", .string, "Field path of each bar's label (default: 'value', else the first other field)"),
                FlagSpec("value", .string, "Field path of each bar's number (default: 'count', else the first number)"),
            ] + chartFlags,
            examples: ["echo [{value: 'vip', count: 12}, {value: 'new', count: 5}] | chart bar --width 40"],
            acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let rows: [(label: String, value: Double, text: String)]
        if case .value(.record(let r)) = input, args.string("label") == nil, args.string("value") == nil {
            rows = try r.map { k, v in try ChartRows.row(k, v, item: nil, at: loc) }
        } else {
            rows = try ChartRows.bars(
                try await PipelineShape.items(input), label: args.string("label"), value: args.string("value"), at: loc)
        }
        let drawing = ChartDrawing.forContext(ctx.settings, width: args.int("width"), ascii: args.bool("ascii"))
        return lines(drawing.bars(rows))
    }

    static let chartSpark = Command(
        CommandSpec(
            "chart spark", group: "charts", summary: "Draws a one-line sparkline of a list of numbers.",
            flags: [FlagSpec("value", .string, "Field path of the number in each record")] + chartFlags,
            examples: ["range 1 8 | chart spark"], acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let path = try args.string("value").map { try FieldPath($0, at: loc) }
        var numbers: [Double] = []
        for (n, item) in try await PipelineShape.items(input).enumerated() {
            let v = try path.map { try $0.lookup(in: item, item: n + 1, at: loc) } ?? item
            guard let d = v.doubleValue else {
                throw typeError("chart spark", needs: "numbers", got: v, item: n + 1, at: loc)
            }
            numbers.append(d)
        }
        let drawing = ChartDrawing.forContext(ctx.settings, width: args.int("width"), ascii: args.bool("ascii"))
        return lines([drawing.spark(numbers)])
    }

    static let chartHist = Command(
        CommandSpec(
            "chart hist", group: "charts",
            summary: "Counts items per day, week (from Monday) or month of a date field (UTC) and draws bars; "
                + "empty periods between the first and last show as zero.",
            parameters: [ParameterSpec("path", .string, "Field path of the date (ISO-8601)")],
            flags: [FlagSpec("by", .choice(DateBucket.allCases.map(\.rawValue)), "Period (default: day)")]
                + chartFlags,
            examples: ["echo [{at: '2024-03-01T10:00Z'}, {at: '2024-03-03'}] | chart hist at --width 40"],
            acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let path = try FieldPath(args.string("path") ?? "", at: loc)
        let by = DateBucket(rawValue: args.string("by") ?? "day") ?? .day
        var dates: [Date] = []
        for (n, item) in try await PipelineShape.items(input).enumerated() {
            let v = try path.lookup(in: item, item: n + 1, at: loc)
            if v.isNull { continue }
            guard let text = v.stringValue, let d = ISODate.parse(text) else {
                throw CRMError.runtime(
                    "type", "'chart hist' needs ISO-8601 dates, got '\(v.displayText)' in item \(n + 1).", at: loc)
            }
            dates.append(d)
        }
        let rows = try by.counts(dates, at: loc).map {
            (label: $0.label, value: Double($0.count), text: String($0.count))
        }
        let drawing = ChartDrawing.forContext(ctx.settings, width: args.int("width"), ascii: args.bool("ascii"))
        return lines(drawing.bars(rows))
    }

    /// Picture lines as one text value (printed bare in every output format).
    static func lines(_ lines: [String]) -> PipelineData {
        lines.isEmpty ? .empty : .value(.string(lines.joined(separator: "\n")))
    }
}

/// Turns chart input items into labelled numbers.
enum ChartRows {
    /// Rows for `chart bar`: records give one bar each (label and value paths as given or
    /// defaulted); numbers are labelled by their position.
    static func bars(_ items: [Value], label: String?, value: String?, at loc: SourceLocation?) throws
        -> [(label: String, value: Double, text: String)]
    {
        return try items.enumerated().map { n, item in
            guard case .record(let r) = item else { return try row(String(n + 1), item, item: n + 1, at: loc) }
            let valuePath = try FieldPath(value ?? defaultValueField(r), at: loc)
            let number = try valuePath.lookup(in: item, item: n + 1, at: loc)
            let labelField = label ?? defaultLabelField(r, not: valuePath.description)
            let text = try labelField.map { try FieldPath($0, at: loc).lookup(in: item, item: n + 1, at: loc) }
            return try row(text?.displayText ?? String(n + 1), number, item: n + 1, at: loc)
        }
    }

    static func row(_ label: String, _ v: Value, item: Int?, at loc: SourceLocation?) throws
        -> (label: String, value: Double, text: String)
    {
        guard let d = v.doubleValue else {
            throw Builtins.typeError("chart bar", needs: "numbers", got: v, item: item, at: loc)
        }
        guard d >= 0 else {
            throw CRMError.runtime(
                "bad-value", "'chart bar' draws numbers of zero or more, got \(v.displayText).", at: loc)
        }
        return (label, d, ChartDrawing.numberText(d))
    }

    static func defaultValueField(_ r: Record) -> String {
        if r["count"] != nil { return "count" }
        return r.first { $0.value.doubleValue != nil }?.key ?? "count"
    }

    static func defaultLabelField(_ r: Record, not valueField: String) -> String? {
        if valueField != "value", r["value"] != nil { return "value" }
        return r.first { $0.key != valueField }?.key
    }
}
