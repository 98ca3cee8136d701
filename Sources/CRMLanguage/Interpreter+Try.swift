import CRMCore

extension Interpreter {
    /// `try { body } catch { handler }`: a runtime, usage or API error in the body runs the handler
    /// with `$err` = `{code, message, status, location}` (no handler: the error is dropped). Ctrl-C,
    /// `exit` and failed `assert`s are not caught.
    func tryCatch(_ body: Block, _ handler: Block?, _ err: VarRef, _ frame: Frame) async throws -> Flow {
        let mark = blocks.count
        do {
            return try await execute(body.statements, frame)
        } catch let e as CRMError where e.exitStatus != .interrupted && e.exitStatus != .assertion {
            truncateBlocks(mark)
            guard let handler else { return .normal }
            store(err, Self.errorRecord(e), frame)
            return try await execute(handler.statements, frame)
        }
    }

    /// The record `$err` holds for an error.
    static func errorRecord(_ e: CRMError) -> Value {
        .record(
            Record([
                ("code", .string(e.code)), ("message", .string(e.message)), ("status", .int(Int(e.exitStatus.rawValue))),
                ("location", e.location.map { Value.string("\($0)") } ?? .null),
            ]))
    }
}
