import CRMCore
import Foundation

@testable import CRMCommands

/// An `APIService` that records every request and answers from canned bodies and pages.
final class FakeAPI: APIService, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [APIRequest] = []
    private var streamed: [(APIRequest, Paging, Int?)] = []
    /// Bodies by `"METHOD path"`; anything else gets `{"status":1,"data":{}}`.
    var responses: [String: Value] = [:]
    /// Stream items by path.
    var pages: [String: [Value]] = [:]
    /// Errors by `"METHOD path"`.
    var failures: [String: CRMError] = [:]

    var requests: [APIRequest] { lock.withLock { recorded } }
    var streams: [(APIRequest, Paging, Int?)] { lock.withLock { streamed } }

    func respond(_ method: String, _ path: String, json: String) {
        responses["\(method) \(path)"] = try? Value.parseJSON(json)
    }

    func send(_ request: APIRequest) async throws -> Value {
        lock.withLock { recorded.append(request) }
        let key = "\(request.method) \(request.path)"
        if let failure = failures[key] { throw failure }
        return responses[key] ?? ["status": 1, "data": [:]]
    }

    func stream(_ request: APIRequest, paging: Paging, limit: Int?) -> RecordStream {
        lock.withLock {
            recorded.append(request)
            streamed.append((request, paging, limit))
        }
        let items = pages[request.path] ?? []
        return .of(Array(items.prefix(limit ?? Int.max)))
    }

    func curlCommand(for request: APIRequest) -> String { "curl -X \(request.method) '\(request.path)'" }

    /// The clock reading `serverClock` reports for every API.
    var clock: ServerClock?

    func serverClock(_ api: API) -> ServerClock? { clock }
}

/// A session that records what the commands store in it.
final class FakeSession: SessionContext, @unchecked Sendable {
    private let lock = NSLock()
    private var logins: [(String, String?, Bool)] = []
    private var tokens: [(String, String, Bool)] = []
    private var current = "demo"
    private var added: [(String, Record)] = []

    var chattonicLogins: [(token: String, codename: String?, persist: Bool)] { lock.withLock { logins } }
    var setTokens: [(api: String, token: String, persist: Bool)] { lock.withLock { tokens } }
    var addedProfiles: [(String, Record)] { lock.withLock { added } }

    var profileName: String { lock.withLock { current } }
    var safetyClass: String { "demo" }
    func listProfiles() -> [Value] { [["name": "demo", "class": "demo"]] }
    func showProfile(_ name: String?) throws -> Value { ["name": .string(name ?? profileName), "leelooToken": "****"] }
    func useProfile(_ name: String) throws {
        guard name == "demo" || name == "prod" else {
            throw CRMError("session.unknown-profile", "Unknown profile '\(name)'.")
        }
        lock.withLock { current = name }
    }
    func addProfile(_ name: String, fields: Record) throws { lock.withLock { added.append((name, fields)) } }
    func setChattonicLogin(token: String, codename: String?, persist: Bool) throws {
        lock.withLock { logins.append((token, codename, persist)) }
    }
    func setToken(_ token: String, for api: API, persist: Bool) throws {
        lock.withLock { tokens.append((api.rawValue, token, persist)) }
    }
    func setAppToken(_ token: String, persist: Bool) throws { lock.withLock { tokens.append(("app", token, persist)) } }
    func whoami() -> Value { ["profile": .string(profileName)] }
}

/// A minimal command context: an API, a session, settings and scripted prompt answers.
final class FakeContext: CommandContext {
    var api: (any APIService)?
    var session: (any SessionContext)?
    var settings = Settings()
    var answers: [String?] = []
    var prompts: [(String, Bool)] = []
    var notices: [String] = []
    var location: SourceLocation? { SourceLocation(file: "test.crm", line: 1, column: 1) }
    var isInteractive: Bool { true }

    init(api: (any APIService)? = FakeAPI(), session: (any SessionContext)? = FakeSession()) {
        self.api = api
        self.session = session
    }

    func runBlock(_ block: BlockRef, it: Value, input: PipelineData) async throws -> PipelineData { .empty }
    func evaluatePredicate(_ block: BlockRef, it: Value) async throws -> Bool { true }
    func notice(_ text: String) { notices.append(text) }
    var deferredFailures: [CRMError] = []
    func failAfterOutput(_ error: CRMError) { deferredFailures.append(error) }
    func emit(_ data: PipelineData) async throws {}
    func prompt(_ text: String, secret: Bool) async throws -> String? {
        prompts.append((text, secret))
        return answers.isEmpty ? nil : answers.removeFirst()
    }
}

/// Runs command lines against the registry of `APICommands`.
enum Harness {
    static let registry = CommandRegistry(APICommands.commands())

    /// Splits a line into the command name (longest registered prefix) and raw arguments:
    /// `--x` is a flag, `--x=v` an inline flag, anything else a string value.
    static func parse(_ line: String) throws -> (Command, [RawArgument]) {
        let words = line.split(separator: " ").map(String.init)
        for n in stride(from: min(3, words.count), through: 1, by: -1) {
            let name = words[0..<n].joined(separator: " ")
            guard let command = registry.command(named: name) else { continue }
            let raw: [RawArgument] = words[n...].map { w in
                if w.hasPrefix("--") {
                    let body = w.dropFirst(2)
                    if let eq = body.firstIndex(of: "=") {
                        return .flag(
                            String(body[..<eq]), inline: .string(String(body[body.index(after: eq)...])), at: nil)
                    }
                    return .flag(String(body), inline: nil, at: nil)
                }
                return .value(.string(w), at: nil)
            }
            return (command, raw)
        }
        throw CRMError("test.unknown", "No command in '\(line)'.")
    }

    /// Runs `line` with `extra` arguments appended, and returns the output collected.
    @discardableResult
    static func run(
        _ line: String, extra: [RawArgument] = [], input: PipelineData = .empty, ctx: FakeContext
    ) async throws -> Value {
        let (command, raw) = try parse(line)
        let args = try ArgumentBinder.bind(raw + extra, to: command.spec)
        return try await command.run(args, input, ctx).collect()
    }
}
