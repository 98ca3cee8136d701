import CRMCore

/// The `CommandContext` one command call sees: the interpreter for blocks, the host for the rest,
/// and the call's location for errors.
final class CallContext: CommandContext, BulkProviding {
    private let interpreter: Interpreter
    let location: SourceLocation?

    init(interpreter: Interpreter, location: SourceLocation?) {
        self.interpreter = interpreter
        self.location = location
    }

    func runBlock(_ block: BlockRef, it: Value, input: PipelineData) async throws -> PipelineData {
        try await interpreter.runBlock(block, it: it, input: input)
    }

    func evaluatePredicate(_ block: BlockRef, it: Value) async throws -> Bool {
        try await interpreter.evaluatePredicate(block, it: it)
    }

    func predicateFields(_ block: BlockRef) -> [String] { interpreter.predicateFields(block) }

    var api: (any APIService)? { interpreter.host.api }
    var session: (any SessionContext)? { interpreter.host.session }
    var settings: Settings { interpreter.host.settings }
    func notice(_ text: String) { interpreter.host.notice(text) }
    func emit(_ data: PipelineData) async throws { try await interpreter.host.emit(data) }
    func failAfterOutput(_ error: CRMError) {
        let located = error.located(location)
        interpreter.deferredFailure.withLock { if $0 == nil { $0 = located } }
    }
    func prompt(_ text: String, secret: Bool) async throws -> String? {
        try await interpreter.host.prompt(text, secret: secret)
    }
    var isInteractive: Bool { interpreter.host.isInteractive }
    func readStandardInput() async throws -> String? { try await interpreter.host.readStandardInput() }
    func sleep(milliseconds: Int) async throws { try await interpreter.host.sleep(milliseconds: milliseconds) }
    var bulkRunner: (any BulkRunning)? { (interpreter.host as? any BulkProviding)?.bulkRunner }
    /// The host's (a host without a bulk runner runs no bulk run, so has no planner to hear).
    var planNotice: @Sendable (String) -> Void {
        if let provider = interpreter.host as? any BulkProviding { return provider.planNotice }
        return { _ in }
    }
}
