import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// A real HTTP server imitating Leeloo (at the root) and Chat-Tonic (under `/chattonic`) from
/// seeded data, with optional latency, rate limiting and fault injection. It never imports the
/// client: it is an independent imitation that shares only the documented JSON shapes.
///
/// Behaviour worth knowing when testing a client against it (docs/sandbox.md has every rule):
/// - Auth: Leeloo `X-Leeloo-AuthToken` header only (`?authToken=` is not read); missing → 401
///   `FORMAT_ERROR` naming `authToken`, wrong → 401 `AUTH_ERROR`. Chat-Tonic `Authorization: Bearer`,
///   except login (none) and archives (`?token=` app token); failures → 401 `{"message":"Unauthorized"}`.
/// - Paging: Leeloo `limit` default 20, capped at 100, `meta.filteredCount` = items in the page,
///   `meta.totalCount` = all matches. Chat-Tonic `skip`/`limit` default 10, capped at 100, echoed
///   as numbers, no totals; non-numeric values → 400.
/// - Tag filters mean "has any": v2 `filter[tags]=a&filter[tags]=b`, v1 `filter[tags]=a,b`;
///   names or tag ids; an unknown tag matches nothing (the others still match).
/// - Sends (v1 and v2 send-template / send-message) are appended newest first to the channel's
///   chat-messages (`BOT_MESSAGE`, or `YOUR_MESSAGE`) and counted in `GET /_sandbox/stats`;
///   `POST /_sandbox/reset` restores the seed state and zeroes stats. `SandboxPremises` can break
///   each of these promises on purpose (lag, order, type, stored text, clock skew).
/// - Faults come from a generator seeded by `seed`, three draws per API request: 429 (write not
///   applied); 500/502/503/504, each answered after applying a write half the time (the live API
///   promises nothing about a 5xx); reset, which aborts the TCP connection (SO_LINGER 0, so the
///   client sees a reset and no response), on writes half the time after applying the write.
///   `--fault-after-write` draws from a generator of its own. The rate limit is a token bucket of
///   about one second's capacity; a limited request gets 429 with `Retry-After` (whole seconds, at
///   least 1) and is never applied.
public final class SandboxServer: Sendable {
    private let options: SandboxOptions
    private let engine: SandboxEngine
    private let state = SandboxServerState()

    /// Creates a server; nothing listens until `start()`.
    public init(options: SandboxOptions) {
        self.options = options
        engine = SandboxEngine(options: options)
    }

    /// Starts listening; returns once bound. Idempotent: later calls return at once.
    public func start() async throws {
        guard state.beginStart() else { return }
        let responder = SandboxResponder(engine: engine)
        let logger = Logger(label: "crm.sandbox", factory: { _ in SwiftLogNoOpLogHandler() })
        let host = options.host
        let port = options.port
        let skew = options.clockSkewSeconds
        // `--clock-skew` rewrites the `Date` header below Hummingbird, which stamps the real time.
        let server: HTTPServerBuilder =
            skew == 0
            ? .http1() : .http1(configuration: .init(additionalChannelHandlers: [SandboxDateSkew(skewSeconds: skew)]))
        let state = self.state
        do {
            let bound: Int = try await withCheckedThrowingContinuation { continuation in
                let once = SandboxOnce(continuation)
                let app = Application(
                    responder: responder,
                    server: server,
                    configuration: .init(address: .hostname(host, port: port), serverName: nil),
                    onServerRunning: { channel in once.resume(.success(channel.localAddress?.port ?? 0)) },
                    logger: logger)
                let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
                let task = Task {
                    do {
                        try await group.run()
                        once.resume(
                            .failure(SandboxStartError(message: "The sandbox stopped before it was listening.")))
                    } catch {
                        once.resume(
                            .failure(
                                SandboxStartError(message: "The sandbox could not listen on \(host):\(port): \(error).")
                            ))
                    }
                }
                state.setRunning(group: group, task: task)
            }
            state.setPort(bound)
        } catch {
            await stop()
            state.resetStarted()
            throw error
        }
    }

    /// The real bound port after `start()` (0 before).
    public var port: Int { state.port }

    /// The Leeloo base URL, e.g. `http://127.0.0.1:PORT`.
    public var leelooBaseURL: String { "http://\(options.host):\(port)" }

    /// The Chat-Tonic base URL, e.g. `http://127.0.0.1:PORT/chattonic`.
    public var chattonicBaseURL: String { leelooBaseURL + "/chattonic" }

    /// The options the server was created with.
    public var configuration: SandboxOptions { options }

    /// Stops gracefully, letting in-flight requests finish; safe to call twice.
    public func stop() async {
        guard let (group, task) = state.takeRunning() else { return }
        await group.triggerGracefulShutdown()
        _ = await task.result
    }

    /// Every served API route as (method, documented path template). Chat-Tonic paths are given
    /// without the `/chattonic` prefix; the `_sandbox` control routes are not included.
    public static var routes: [(method: String, path: String)] {
        SandboxRouteTable.all.map { ($0.method, $0.path) }
    }
}

/// The error `start()` throws when the server cannot listen.
public struct SandboxStartError: Error, CustomStringConvertible, Sendable {
    /// A sentence saying what went wrong.
    public let message: String
    /// The message.
    public var description: String { message }
}

/// Lifecycle bookkeeping of a `SandboxServer`, behind a lock.
final class SandboxServerState: @unchecked Sendable {  // SAFE: all fields guarded by `lock`.
    private let lock = NSLock()
    private var started = false
    private var boundPort = 0
    private var group: ServiceGroup?
    private var task: Task<Void, Never>?

    func beginStart() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if started { return false }
        started = true
        return true
    }

    func resetStarted() {
        lock.lock()
        defer { lock.unlock() }
        started = false
    }

    func setRunning(group: ServiceGroup, task: Task<Void, Never>) {
        lock.lock()
        defer { lock.unlock() }
        self.group = group
        self.task = task
    }

    func setPort(_ port: Int) {
        lock.lock()
        defer { lock.unlock() }
        boundPort = port
    }

    var port: Int {
        lock.lock()
        defer { lock.unlock() }
        return boundPort
    }

    func takeRunning() -> (ServiceGroup, Task<Void, Never>)? {
        lock.lock()
        defer { lock.unlock() }
        guard let group, let task else { return nil }
        self.group = nil
        self.task = nil
        return (group, task)
    }
}

/// Resumes a continuation at most once, whichever of "listening" or "failed" comes first.
final class SandboxOnce: @unchecked Sendable {  // SAFE: `continuation` guarded by `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Int, any Error>?

    init(_ continuation: CheckedContinuation<Int, any Error>) {
        self.continuation = continuation
    }

    func resume(_ result: Result<Int, any Error>) {
        lock.lock()
        let c = continuation
        continuation = nil
        lock.unlock()
        c?.resume(with: result)
    }
}
