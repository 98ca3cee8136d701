import CRMCore

/// Turns pipeline output into text in one of the `OutputFormat`s. The shell prints every result
/// through it; `to csv` and `to table` use it to build their strings.
///
/// Scalars print bare in every format (strings raw, numbers and bools as text, null as nothing),
/// so `echo hi` prints `hi` whatever `--output` says. Lists, records and streams follow the format.
public enum Renderer {
    /// Streams `data` to `sink` in `format`, one call per line or chunk (each chunk ends with "\n").
    ///
    /// - json: a record or list as compact one-line JSON; a stream as a compact JSON array written
    ///   item by item, one item per line (`[{…},` … `{…}]`), so output starts before the stream ends.
    /// - ndjson: one compact JSON per line (a list or stream gives one line per item).
    /// - csv: a header that is the union of keys in first-seen order, RFC 4180 quoting; nested
    ///   values as compact JSON. A stream is collected first (the header needs every key).
    /// - table: aligned columns fitted to `width` (see `TableFormat`); a stream is collected first.
    public static func write(
        _ data: PipelineData, as format: OutputFormat, width: Int = 120, to sink: (String) -> Void
    ) async throws {
        switch data {
        case .empty:
            return
        case .value(let v):
            for line in lines(v, as: format, width: width) { sink(line + "\n") }
        case .stream(let s):
            switch format {
            case .json:
                let c = s.makeCursor()
                defer { c.close() }
                guard var previous = try await c.next() else {
                    sink("[]\n")
                    return
                }
                var prefix = "["
                while let next = try await c.next() {
                    sink(prefix + previous.toJSON() + ",\n")
                    prefix = ""
                    previous = next
                }
                sink(prefix + previous.toJSON() + "]\n")
            case .ndjson:
                let c = s.makeCursor()
                defer { c.close() }
                while let v = try await c.next() { sink(v.toJSON() + "\n") }
            case .csv, .table:
                let all = Value.list(try await s.collectAll())
                let out = format == .csv ? CSVFormat.lines(all, columns: s.columns) : lines(all, as: format, width: width)
                for line in out { sink(line + "\n") }
            }
        }
    }

    /// `value` as text in `format`: the lines `write` would emit, joined by "\n", without a final
    /// newline (an empty string for null and empty lists).
    public static func render(_ value: Value, as format: OutputFormat, width: Int = 120) -> String {
        lines(value, as: format, width: width).joined(separator: "\n")
    }

    /// The lines of `value` in `format`, without newlines at their ends.
    static func lines(_ value: Value, as format: OutputFormat, width: Int) -> [String] {
        switch value {
        case .null: return []
        case .bool, .int, .double, .string, .datetime, .duration: return [value.displayText]
        case .list, .record: break
        }
        switch format {
        case .json: return [value.toJSON()]
        case .ndjson:
            if case .list(let l) = value { return l.map { $0.toJSON() } }
            return [value.toJSON()]
        case .csv: return CSVFormat.lines(value)
        case .table: return TableFormat.lines(value, width: width)
        }
    }
}
