import CRMBuiltins
import CRMCore
import Synchronization

/// A `CommandContext` for tests: blocks and predicates are Swift closures keyed by block id.
final class FakeContext: CommandContext {
    var predicates: [Int: @Sendable (Value) -> Bool] = [:]
    var blocks: [Int: @Sendable (Value, PipelineData) async throws -> PipelineData] = [:]
    var location: SourceLocation? = SourceLocation(file: "t.crm", line: 3, column: 14)
    var api: (any APIService)? { nil }
    var session: (any SessionContext)? { nil }
    var settings = Settings()
    var notices: [String] = []
    var isInteractive: Bool { false }

    func runBlock(_ block: BlockRef, it: Value, input: PipelineData) async throws -> PipelineData {
        guard let f = blocks[block.id] else { throw CRMError.runtime("test", "No block \(block.id).") }
        return try await f(it, input)
    }

    func evaluatePredicate(_ block: BlockRef, it: Value) async throws -> Bool {
        guard let f = predicates[block.id] else { throw CRMError.runtime("test", "No predicate \(block.id).") }
        return f(it)
    }

    func notice(_ text: String) { notices.append(text) }
    func emit(_ data: PipelineData) async throws {}
    var deferredFailures: [CRMError] = []
    func failAfterOutput(_ error: CRMError) { deferredFailures.append(error) }
    func prompt(_ text: String, secret: Bool) async throws -> String? { nil }

    /// Registers a predicate and returns the raw block argument that refers to it.
    func predicate(_ f: @escaping @Sendable (Value) -> Bool) -> RawArgument {
        let id = predicates.count + blocks.count + 1
        predicates[id] = f
        return .block(BlockRef(id: id), at: nil)
    }

    /// Registers a block and returns the raw block argument that refers to it.
    func block(_ f: @escaping @Sendable (Value, PipelineData) async throws -> PipelineData) -> RawArgument {
        let id = predicates.count + blocks.count + 1
        blocks[id] = f
        return .block(BlockRef(id: id), at: nil)
    }
}

/// A stream source that counts pulls, cursor opens and closes.
final class PullCounter: Sendable {
    struct State {
        var pulls = 0
        var opens = 0
        var closes = 0
    }
    let state = Mutex(State())
    var pulls: Int { state.withLock { $0.pulls } }
    var opens: Int { state.withLock { $0.opens } }
    var closes: Int { state.withLock { $0.closes } }

    /// The ints 1...limit as a stream whose cursors report to this counter.
    func stream(_ limit: Int = Int.max) -> RecordStream {
        RecordStream(label: "counted") { [self] in
            state.withLock { $0.opens += 1 }
            var n = 0
            var closed = false
            return RecordCursor(onClose: { [self] in
                if !closed {
                    closed = true
                    state.withLock { $0.closes += 1 }
                }
            }) { [self] in
                guard n < limit else { return nil }
                n += 1
                state.withLock { $0.pulls += 1 }
                return .int(n)
            }
        }
    }
}

let registry = CommandRegistry(Builtins.commands())
let here = SourceLocation(file: "t.crm", line: 3, column: 14)

/// Runs the builtin `name` with raw arguments and input, as the interpreter would.
func run(_ name: String, _ raw: [RawArgument] = [], input: PipelineData = .empty, ctx: FakeContext = FakeContext())
    async throws -> PipelineData
{
    guard let command = registry.command(named: name) else { throw CRMError.runtime("test", "No command '\(name)'.") }
    let args = try ArgumentBinder.bind(raw, to: command.spec, at: here)
    return try await command.run(args, input, ctx)
}

/// Runs the builtin and collects its output into one value.
func value(_ name: String, _ raw: [RawArgument] = [], input: PipelineData = .empty, ctx: FakeContext = FakeContext())
    async throws -> Value
{
    try await run(name, raw, input: input, ctx: ctx).collect()
}

/// A positional raw argument.
func arg(_ v: Value) -> RawArgument { .value(v, at: nil) }
/// A flag raw argument.
func flag(_ name: String, _ inline: Value? = nil) -> RawArgument { .flag(name, inline: inline, at: nil) }

/// The error a throwing call raised, as a CRMError.
func error(_ body: () async throws -> Void) async -> CRMError? {
    do {
        try await body()
        return nil
    } catch let e as CRMError {
        return e
    } catch {
        return CRMError("other", "\(error)")
    }
}

let people: Value = [
    ["name": "Ann", "age": 30, "tags": ["vip"]],
    ["name": "Bob", "age": 17, "tags": []],
    ["name": "Cy", "age": 30, "tags": ["new"]],
]
