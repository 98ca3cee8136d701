import CRMCore
import Foundation
import Synchronization

@testable import CRMBulk

/// An API that answers each write through `answer` (by the request's path and how many times that
/// path was sent before) and counts what it was sent.
final class FakeAPI: APIService {
    private let sent = Mutex<[String: Int]>([:])
    private let answer: @Sendable (APIRequest, Int) throws -> Value

    init(_ answer: @escaping @Sendable (APIRequest, Int) throws -> Value = { _, _ in .null }) {
        self.answer = answer
    }

    func send(_ request: APIRequest) async throws -> Value {
        let n = sent.withLock { s -> Int in
            defer { s[request.path, default: 0] += 1 }
            return s[request.path, default: 0]
        }
        return try answer(request, n)
    }

    func stream(_ request: APIRequest, paging: Paging, limit: Int?) -> RecordStream { .of([]) }

    func curlCommand(for request: APIRequest) -> String { "" }

    /// Requests sent to `path`.
    func count(_ path: String) -> Int { sent.withLock { $0[path, default: 0] } }

    /// Requests sent in all.
    var total: Int { sent.withLock { $0.values.reduce(0, +) } }
}

/// A `BulkHost` over a temporary state directory, collecting notices and output.
final class FakeHost: BulkHost, @unchecked Sendable {
    // @unchecked: tests use it from one task at a time.
    var settings = Settings()
    var profileName: String? = "test"
    let stateDirectory: URL
    let api: FakeAPI
    var writesNeedConfirming = false
    var notices: [String] = []
    var emitted: [PipelineData] = []
    lazy var runner = BulkRunner(host: self)

    init(api: FakeAPI) throws {
        self.api = api
        stateDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("crm-bulk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: stateDirectory) }

    var unguardedAPI: (any APIService)? { api }
    func admitRun(_ count: Int, what: String) async throws {}
    func knownRateLimit(for request: APIRequest) -> Double? { nil }
    func notice(_ text: String) { notices.append(text) }
    func emit(_ data: PipelineData) async throws { emitted.append(data) }
    var progressOutput: (@Sendable (String) -> Void)? { nil }
    var interrupts: InterruptCount { .none }

    /// Runs one bulk run of `command` over `items`, planning each item with `plan`.
    func run(
        _ items: [Value], command: String = "test-write", arguments: Arguments? = nil,
        plan: @escaping @Sendable (Value) throws -> [BulkJob]
    ) async throws -> PipelineData {
        let spec = CommandSpec(command, group: "test", summary: "A test write.", isWrite: true)
        return try await runner.run(command: spec, arguments: { arguments }, items: .of(items)) { try plan($0) }
    }

    /// The journals of this host's runs, newest first.
    var journals: [URL] { RunJournal.files(in: RunJournal.directory(state: stateDirectory)) }
}

/// A job writing `path` for target `id`.
func job(_ id: String, path: String, idempotent: Bool = false, undo: BulkJob.Undo? = nil) -> BulkJob {
    BulkJob(
        key: "\(path)|\(id)", label: id, target: ["id": .string(id)], request: APIRequest(.leeloo, "POST", path),
        readBack: nil, idempotent: idempotent, undo: undo ?? .irreversible("a test write"))
}

/// The ambiguous failure the client reports for a 502 after the request left.
let ambiguous = CRMError("http.ambiguous", "POST /x failed: 502 Bad Gateway (the write may have been applied)")
