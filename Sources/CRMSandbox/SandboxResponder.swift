import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Hummingbird responder: reads the request, sleeps the configured latency, asks the
/// engine, and writes the answer or drops the connection. Routing is done by the engine's own
/// table (one list shared with `SandboxServer.routes`), not Hummingbird's router.
struct SandboxResponder: HTTPResponder {
    typealias Context = SandboxContext
    let engine: SandboxEngine

    func respond(to request: Request, context: SandboxContext) async throws -> Response {
        let path = request.uri.path
        let isAPI = SandboxEngine.isAPIPath(path)
        if isAPI { engine.noteInFlight(arriving: true) }
        defer { if isAPI { engine.noteInFlight(arriving: false) } }
        var request = request
        var body: [UInt8] = []
        if request.method != .get && request.method != .head {
            let buffer = try await request.collectBody(upTo: 4 * 1024 * 1024)
            body = Array(buffer.readableBytesView)
        }
        let delay = isAPI ? engine.nextLatencyMs() : 0
        if delay > 0 {
            try await Task.sleep(nanoseconds: UInt64(min(max(0, delay), 1_200_000)) * 1_000_000)
        }
        var headers: [String: String] = [:]
        if let v = request.headers[.authorization] { headers["authorization"] = v }
        if let v = request.headers[.contentType] { headers["content-type"] = v }
        if let name = HTTPField.Name("X-Leeloo-AuthToken"), let v = request.headers[name] {
            headers["x-leeloo-authtoken"] = v
        }
        let outcome = engine.handle(
            method: request.method.rawValue, path: path, query: request.uri.query ?? "", headers: headers, body: body)
        switch outcome {
        case .reply(let reply):
            return Self.response(reply)
        case .delayed(let reply, let ms):
            // The write is already applied (the engine ran the handler); answering only now is
            // what lets a client give up on a write that in fact happened.
            try await Task.sleep(nanoseconds: UInt64(max(0, ms)) * 1_000_000)
            return Self.response(reply)
        case .drop:
            // Abort the TCP connection (SO_LINGER 0 makes close send RST) so the client sees a
            // reset with no response at all, then fail the request so nothing is written.
            let channel = context.channel
            if let provider = channel as? any SocketOptionProvider {
                _ = try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            try? await channel.close().get()
            throw SandboxDropped()
        }
    }

    private static func response(_ reply: SandboxReply) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = "application/json; charset=utf-8"
        for (name, value) in reply.headers {
            if let n = HTTPField.Name(name) { fields[n] = value }
        }
        return Response(
            status: HTTPResponse.Status(code: reply.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(string: reply.body)))
    }
}

/// Thrown after the sandbox dropped a connection on purpose.
struct SandboxDropped: Error {}
