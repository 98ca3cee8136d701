/// What flows between commands in a pipeline: nothing, one value, or a lazy stream.
///
/// Keeping a single value apart from a stream lets `get name` on a record return a string while
/// `people | get name` streams names. A stream stays lazy through filters; it is collected into a
/// list only when stored in a variable, rendered, or handed to a command that needs all of it
/// (`sort-by`, `to json`).
public enum PipelineData: Sendable {
    case empty
    case value(Value)
    case stream(RecordStream)

    /// Everything as one value: a stream becomes a list, empty becomes null.
    public func collect(limit: Int = Int.max) async throws -> Value {
        switch self {
        case .empty: return .null
        case .value(let v): return v
        case .stream(let s):
            var out: [Value] = []
            let c = s.makeCursor()
            defer { c.close() }
            while out.count < limit, let v = try await c.next() { out.append(v) }
            return .list(out)
        }
    }

    /// The items to iterate: a stream's items, a list's elements, or the single value itself.
    /// `empty` and null yield nothing.
    public func items() -> RecordStream {
        switch self {
        case .empty: return .of([])
        case .value(.null): return .of([])
        case .value(.list(let l)): return .of(l)
        case .value(let v): return .of([v])
        case .stream(let s): return s
        }
    }

    /// The fields of the items, when a stream knows them (see `RecordStream.columns`).
    public var columns: [String]? { if case .stream(let s) = self { s.columns } else { nil } }

    /// Whether this is `.empty`.
    public var isEmpty: Bool { if case .empty = self { true } else { false } }
}
