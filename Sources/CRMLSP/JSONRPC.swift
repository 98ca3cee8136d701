import CRMCore

/// JSON-RPC 2.0 as LSP uses it: the error codes, and the shapes of responses and notifications,
/// built as `Value` records so the wire format comes from the one JSON writer in CRMCore.
public enum JSONRPC {
    /// The error codes this server answers with (JSON-RPC's and LSP's).
    public enum ErrorCode: Int, Sendable {
        /// The body is not JSON, or the framing around it was broken.
        case parseError = -32700
        /// JSON, but not a JSON-RPC message (or a request after `shutdown`).
        case invalidRequest = -32600
        /// A request this server does not implement.
        case methodNotFound = -32601
        /// A known method with params it cannot use.
        case invalidParams = -32602
        /// A request before `initialize`.
        case serverNotInitialized = -32002
    }

    /// A successful response to request `id`.
    public static func response(id: Value, result: Value) -> Value {
        .record(Record([("jsonrpc", "2.0"), ("id", id), ("result", result)]))
    }

    /// An error response; `id` is null when the request's id could not be read.
    public static func error(id: Value, _ code: ErrorCode, _ message: String) -> Value {
        .record(
            Record([
                ("jsonrpc", "2.0"), ("id", id),
                ("error", .record(Record([("code", .int(code.rawValue)), ("message", .string(message))]))),
            ]))
    }

    /// A notification from the server.
    public static func notification(_ method: String, params: Value) -> Value {
        .record(Record([("jsonrpc", "2.0"), ("method", .string(method)), ("params", params)]))
    }
}

/// An incoming message, told apart by its fields.
enum IncomingMessage {
    /// Has `method` and `id`: must be answered.
    case request(id: Value, method: String, params: Value)
    /// Has `method`, no `id`: never answered.
    case notification(method: String, params: Value)
    /// Has `id`, no `method`: an answer to a request of ours (this server sends none).
    case response
    /// Anything else; `id` when one could be read.
    case invalid(id: Value, reason: String)

    init(_ value: Value) {
        guard case .record(let r) = value else {
            self = .invalid(id: .null, reason: "A message must be a JSON object.")
            return
        }
        let id = r["id"]
        if let id, !Self.isValidID(id) {
            self = .invalid(id: .null, reason: "The id must be a number or a string.")
            return
        }
        guard let methodValue = r["method"] else {
            self = id == nil ? .invalid(id: .null, reason: "A message without 'method' or 'id'.") : .response
            return
        }
        guard case .string(let method) = methodValue else {
            self = .invalid(id: id ?? .null, reason: "'method' must be a string.")
            return
        }
        let params = r["params"] ?? .null
        if let id {
            self = .request(id: id, method: method, params: params)
        } else {
            self = .notification(method: method, params: params)
        }
    }

    static func isValidID(_ id: Value) -> Bool {
        switch id {
        case .int, .string: true
        case .double(let d): d == d.rounded()
        default: false
        }
    }
}
