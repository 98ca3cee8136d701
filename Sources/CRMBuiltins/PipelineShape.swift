import CRMCore

/// How a filter's result takes the shape of its input, the rule every builtin filter follows:
///
/// - a stream stays a lazy stream (nothing is pulled until the result is);
/// - an in-memory list is filtered at once and stays a list;
/// - a single value (a record, a scalar) is treated as a one-item stream, and the result is that
///   item (or nothing when it was filtered out);
/// - empty input and null give empty output.
enum PipelineShape {
    /// Applies the lazy `transform` to the items of `input`, keeping the input's shape.
    static func apply(
        _ input: PipelineData, _ transform: (RecordStream) -> RecordStream
    ) async throws -> PipelineData {
        switch input {
        case .stream(let s):
            return .stream(transform(s))
        case .empty, .value(.null):
            return .empty
        case .value(.list(let l)):
            return .value(.list(try await transform(.of(l)).collectAll()))
        case .value(let v):
            let out = try await transform(.of([v])).collectAll()
            switch out.count {
            case 0: return .empty
            case 1: return .value(out[0])
            default: return .value(.list(out))
            }
        }
    }

    /// Every item of `input` in memory (a stream is pulled to the end).
    static func items(_ input: PipelineData) async throws -> [Value] {
        switch input {
        case .empty, .value(.null): return []
        case .value(.list(let l)): return l
        case .value(let v): return [v]
        case .stream(let s): return try await s.collectAll()
        }
    }

    /// `items` as the same kind of output as `input` had: a list for a list or a stream.
    static func wrapList(_ items: [Value]) -> PipelineData { .value(.list(items)) }
}
