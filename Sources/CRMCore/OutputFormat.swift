/// How values are printed: an aligned table for people at a terminal, or a machine format.
///
/// The raw values are the words users type after `--output` (`table`, `json`, `ndjson`, `csv`).
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned columns for lists of records, key/value pairs for one record.
    case table
    /// Compact JSON: one line per value; a stream as a JSON array written item by item.
    case json
    /// Newline-delimited JSON: one compact JSON value per line, one line per item.
    case ndjson
    /// RFC 4180 CSV with a header row that is the union of the records' keys.
    case csv
}
