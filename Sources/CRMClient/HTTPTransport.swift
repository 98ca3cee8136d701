import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A response as received: status, headers and the body bytes.
struct RawResponse: Sendable {
    /// The HTTP status code.
    var status: Int
    /// The reason phrase (`Not Found`).
    var reason: String
    /// Response headers, names as sent.
    var headers: [(String, String)]
    /// The body bytes received.
    var body: [UInt8]

    /// The first header named `name`, compared case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { Self.sameName($0.0, name) }?.1
    }

    /// Whether two header names are the same: ASCII, compared without case (RFC 9110 §5.1). A
    /// byte compare, not Foundation's locale-aware one, which cost 2 % of a page scan's CPU.
    static func sameName(_ a: String, _ b: String) -> Bool {
        @inline(__always) func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        return a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { lower($0) == lower($1) }
    }
}

/// Why a request got no complete response.
enum TransportFailure: Error, Sendable, Equatable {
    /// Nothing listens on the port: the request never left.
    case refused(String)
    /// The TCP connection could not be made in time: the request never left.
    case connectTimeout(String)
    /// The host name did not resolve: the request never left.
    case dns(String)
    /// No response (or no more bytes) within the read timeout: it may have been processed.
    case readTimeout
    /// No complete response within the overall deadline (`--timeout`, seconds): it may have been processed.
    case deadline(Double)
    /// The connection dropped before the response head: it may have been processed.
    case reset(String)
    /// The response head arrived but the body was cut off (status known).
    case cutOff(status: Int, received: Int)
    /// The request could not be built (an invalid URL or header): nothing was sent.
    case invalidRequest(String)
    /// Anything else once the request was handed to the connection (TLS, a response that is not
    /// HTTP, a status line out of range, a body over the size limit): it may have been processed.
    case other(String)

    /// Whether the server cannot have seen the request, so even a write may be resent.
    var neverLeft: Bool {
        switch self {
        case .refused, .connectTimeout, .dns: true
        default: false
        }
    }
}

/// Sends prepared requests over one process-wide AsyncHTTPClient per timeout setting.
///
/// Redirects are not followed: a redirect would carry the token headers to wherever it points,
/// and the APIs never redirect, so a 3xx is reported with its `Location` instead.
/// The clients are created on the first request only (so `crm -c 'echo ok'` never starts an event
/// loop) and live for the whole process: pooled keep-alive connections are reused by every
/// service and stream, and a client that is never deinitialised needs no shutdown.
enum HTTPTransport {
    private static let clients = Mutex<[String: HTTPClient]>([:])

    /// The shared client for `options`' timeouts.
    static func client(for options: ClientOptions) -> HTTPClient {
        let key = "\(options.connectTimeout)/\(options.readTimeout)"
        return clients.withLock { map in
            if let c = map[key] { return c }
            var config = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(
                    connect: .milliseconds(Int64(max(0.001, options.connectTimeout) * 1000)),
                    read: .milliseconds(Int64(max(0.001, options.readTimeout) * 1000))),
                decompression: .enabled(limit: .ratio(50)))
            config.connectionPool.retryConnectionEstablishment = false
            // At most 8 connections per host (AsyncHTTPClient's default, stated because the
            // read-ahead window relies on it): requests past 8 queue for the first free one.
            config.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 8
            let c = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
            map[key] = c
            return c
        }
    }

    /// The largest body collected (64 MB): a larger one is an error, not an exhausted memory.
    static let maxBodyBytes = 64 << 20

    /// Sends `prepared` and collects the whole body (up to 64 MB), within `options.requestTimeout`
    /// seconds in all (else `TransportFailure.deadline`; the request is cancelled).
    ///
    /// The body is gathered on the connection's event loop by a `BodyCollector` and handed over
    /// once, complete: one wake-up of the waiting task per response rather than one per chunk,
    /// and the deadline is a timer on the event loop rather than a racing task per request.
    static func perform(_ prepared: PreparedRequest, options: ClientOptions) async throws -> RawResponse {
        let limit = options.requestTimeout
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for (k, v) in prepared.headers { headers.add(name: k, value: v) }
            request = try HTTPClient.Request(
                url: prepared.url, method: HTTPMethod(rawValue: prepared.request.method), headers: headers,
                body: prepared.body.map { .bytes($0) })
        } catch {
            throw TransportFailure.invalidRequest(String(describing: error))
        }
        let deadline: NIODeadline? =
            limit.isFinite && limit > 0
            ? .now() + .milliseconds(Int64((min(limit, 7 * 86_400) * 1000).rounded(.up))) : nil
        let collector = BodyCollector(limit: maxBodyBytes)
        // A task cancelled before this point sends nothing (once handed over, a request may be
        // written before the cancellation reaches its connection).
        try Task.checkCancellation()
        let task = client(for: options).execute(request: request, delegate: collector, deadline: deadline)
        do {
            return try await withTaskCancellationHandler {
                try await task.futureResult.get()
            } onCancel: {
                task.cancel()
            }
        } catch let failure as TransportFailure {
            throw failure
        } catch {
            try Task.checkCancellation()
            if let e = error as? HTTPClientError, e == .deadlineExceeded { throw TransportFailure.deadline(limit) }
            // NIO's decompressor refuses a body that expands past 50 times its compressed size
            // (a decompression bomb) before any byte reaches the collector: say that, not "cut off
            // after 0 bytes". (Matched by name: NIOHTTPCompression is AsyncHTTPClient's, not ours.)
            if String(reflecting: error).contains("DecompressionError") {
                throw TransportFailure.other(
                    "the compressed response body expands past 50 times its size (a decompression bomb?)")
            }
            if let (status, received) = collector.progress {
                throw TransportFailure.cutOff(status: status, received: received)
            }
            throw classify(error, host: hostPort(prepared.url))
        }
    }

    /// Maps AsyncHTTPClient/NIO errors to the failure kinds the retry rule needs.
    static func classify(_ error: any Error, host: String) -> TransportFailure {
        if let e = error as? HTTPClientError {
            if e == .connectTimeout || e == .getConnectionFromPoolTimeout { return .connectTimeout(host) }
            if e == .readTimeout || e == .deadlineExceeded { return .readTimeout }
            if e == .remoteConnectionClosed { return .reset(host) }
            return .other(String(describing: e))
        }
        if let e = error as? NIOConnectionError {
            if e.connectionErrors.isEmpty { return .dns(host) }
            if e.connectionErrors.contains(where: { isRefused($0.error) }) { return .refused(host) }
            return .refused(host)
        }
        if isRefused(error) { return .refused(host) }
        if let e = error as? IOError, e.errnoCode == ECONNRESET || e.errnoCode == EPIPE { return .reset(host) }
        if error is ChannelError { return .reset(host) }
        if error is SocketAddressError { return .dns(host) }
        let text = String(describing: error)
        if text.contains("reset") || text.contains("EOF") { return .reset(host) }
        return .other(text)
    }

    private static func isRefused(_ error: any Error) -> Bool {
        if let e = error as? IOError { return e.errnoCode == ECONNREFUSED }
        return String(describing: error).contains("refused")
    }

    /// `host:port` of a URL, for messages.
    static func hostPort(_ url: String) -> String {
        guard let r = url.range(of: "://") else { return url }
        let rest = url[r.upperBound...]
        return String(rest.prefix { $0 != "/" && $0 != "?" })
    }
}

/// Collects one response on its event loop: the head, then the body bytes (up to `limit`), handed
/// over as a `RawResponse` when the response ends.
private final class BodyCollector: HTTPClientResponseDelegate, Sendable {
    typealias Response = RawResponse

    private struct State {
        var head: HTTPResponseHead?
        var body: [UInt8] = []
    }

    private let limit: Int
    /// Written on the event loop only; read by the waiting task after the request failed.
    private let state = Mutex(State())

    init(limit: Int) { self.limit = limit }

    /// The status and the bytes received, once the response head has arrived.
    var progress: (status: Int, received: Int)? {
        state.withLock { s in s.head.map { (Int($0.status.code), s.body.count) } }
    }

    func didReceiveHead(task: HTTPClient.Task<RawResponse>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        state.withLock { s in
            s.head = head
            // The announced length, as a hint only (at most 4 MB: a header is not a promise).
            if let length = head.headers.first(name: "Content-Length").flatMap(Int.init), length > 0 {
                s.body.reserveCapacity(min(length, 4 << 20))
            }
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didReceiveBodyPart(task: HTTPClient.Task<RawResponse>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        let tooLarge = state.withLock { s -> Bool in
            s.body.append(contentsOf: buffer.readableBytesView)
            return s.body.count > limit
        }
        if tooLarge {
            return task.eventLoop.makeFailedFuture(TransportFailure.other("response body larger than 64 MB"))
        }
        return task.eventLoop.makeSucceededVoidFuture()
    }

    func didFinishRequest(task: HTTPClient.Task<RawResponse>) throws -> RawResponse {
        try state.withLock { s in
            guard let head = s.head else { throw TransportFailure.other("no response head") }
            return RawResponse(
                status: Int(head.status.code), reason: head.status.reasonPhrase,
                headers: head.headers.map { ($0.name, $0.value) }, body: s.body)
        }
    }
}
