import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import CRMSandbox

/// One HTTP answer, with the body parsed as JSON when it is JSON.
struct Answer {
    let status: Int
    let headers: HTTPHeaders
    let text: String
    var json: JSONNode? { JSONNode.parse(Array(text.utf8)) }

    subscript(_ key: String) -> JSONNode? { json?[key] }
}

/// Starts a sandbox on 127.0.0.1 port 0 with its own HTTP client, and tears both down.
struct Harness {
    /// An explicit `/people` date filter spanning every date (the page marks the filter required; the
    /// sandbox, like the live API, also answers without it).
    static let everyDate = "filter[last_message][from]=1970-01-01&filter[last_message][to]=9999-12-31"

    let server: SandboxServer
    let client: HTTPClient
    let options: SandboxOptions

    static func with(
        _ configure: (inout SandboxOptions) -> Void = { _ in }, _ body: (Harness) async throws -> Void
    ) async throws {
        var options = SandboxOptions()
        options.people = 300
        configure(&options)
        let server = SandboxServer(options: options)
        try await server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let harness = Harness(server: server, client: client, options: options)
        do {
            try await body(harness)
        } catch {
            try? await client.shutdown()
            await server.stop()
            throw error
        }
        try await client.shutdown()
        await server.stop()
    }

    /// Sends a request to `path` (Leeloo by default, Chat-Tonic when `chattonic`).
    func call(
        _ method: HTTPMethod = .GET, _ path: String, auth: Bool = true, chattonic: Bool = false, token: String? = nil,
        json: String? = nil, form: String? = nil, timeout: TimeAmount = .seconds(30)
    ) async throws -> Answer {
        let base = chattonic ? server.chattonicBaseURL : server.leelooBaseURL
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        if auth {
            if chattonic {
                request.headers.add(name: "Authorization", value: "Bearer " + (token ?? options.chattonicToken))
            } else {
                request.headers.add(name: "X-Leeloo-AuthToken", value: token ?? options.leelooToken)
            }
        }
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        } else if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
        }
        let response = try await client.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: body))
    }

    /// `GET /_sandbox/stats` as JSON.
    func stats() async throws -> JSONNode {
        let a = try await call(.GET, "/_sandbox/stats", auth: false)
        return a.json ?? .null
    }
}

extension JSONNode {
    var int: Int? {
        if case .int(let i) = self { return i }
        return nil
    }

    var array: [JSONNode] {
        if case .array(let a) = self { return a }
        return []
    }

    var keys: [String] {
        if case .object(let pairs) = self { return pairs.map(\.0) }
        return []
    }
}
