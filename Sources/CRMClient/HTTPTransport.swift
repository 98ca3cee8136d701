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
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
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
    /// Anything else (TLS, invalid URL, protocol errors).
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
            let c = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: config)
            map[key] = c
            return c
        }
    }

    /// Sends `prepared` and collects the whole body (up to 64 MB), within `options.requestTimeout`
    /// seconds in all (else `TransportFailure.deadline`; the request is cancelled).
    static func perform(_ prepared: PreparedRequest, options: ClientOptions) async throws -> RawResponse {
        let limit = options.requestTimeout
        guard limit.isFinite, limit > 0 else { return try await performUnbounded(prepared, options: options) }
        let ms = Int64((min(limit, 7 * 86_400) * 1000).rounded(.up))
        return try await withThrowingTaskGroup(of: RawResponse?.self) { group in
            group.addTask { try await performUnbounded(prepared, options: options) }
            group.addTask {
                try await Task.sleep(for: .milliseconds(ms))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                try Task.checkCancellation()
                throw TransportFailure.deadline(limit)
            }
            return response
        }
    }

    /// `perform` without the overall deadline.
    private static func performUnbounded(_ prepared: PreparedRequest, options: ClientOptions) async throws
        -> RawResponse
    {
        var req = HTTPClientRequest(url: prepared.url)
        req.method = HTTPMethod(rawValue: prepared.request.method)
        for (k, v) in prepared.headers { req.headers.add(name: k, value: v) }
        if let body = prepared.body { req.body = .bytes(ByteBuffer(bytes: body)) }
        let client = client(for: options)
        let response: HTTPClientResponse
        do {
            response = try await client.execute(req, timeout: .seconds(3600))
        } catch {
            try Task.checkCancellation()
            throw classify(error, host: hostPort(prepared.url))
        }
        var bytes: [UInt8] = []
        do {
            for try await var chunk in response.body {
                if let part = chunk.readBytes(length: chunk.readableBytes) { bytes += part }
                if bytes.count > 64 << 20 { throw TransportFailure.other("response body larger than 64 MB") }
            }
        } catch let failure as TransportFailure {
            throw failure
        } catch {
            try Task.checkCancellation()
            throw TransportFailure.cutOff(status: Int(response.status.code), received: bytes.count)
        }
        let headers = response.headers.map { ($0.name, $0.value) }
        return RawResponse(
            status: Int(response.status.code), reason: response.status.reasonPhrase, headers: headers, body: bytes)
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
