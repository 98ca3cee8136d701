import Foundation

/// One API request as the route handlers see it: method, path parameters, the decoded query
/// (keys kept in order and repeatable) and the body as a JSON object, whether it came as JSON
/// or as a form.
struct SandboxRequest: Sendable {
    var method: String
    var path: String
    var params: [String: String] = [:]
    var query: [(String, String)] = []
    var body: JSONNode = .object([])
    /// True when a body was sent but could not be read as JSON or as a form.
    var bodyIsMalformed = false

    /// The first value of a query parameter.
    func q(_ name: String) -> String? {
        query.first { $0.0 == name }?.1
    }

    /// Every value of a repeated query parameter (`filter[tags]=a&filter[tags]=b`), also
    /// accepting the `filter[tags][]=a` spelling.
    func qAll(_ name: String) -> [String] {
        query.filter { $0.0 == name || $0.0 == name + "[]" }.map(\.1)
    }

    /// A body field as text (numbers and booleans are converted).
    func field(_ name: String) -> String? {
        body[name]?.stringValue
    }

    /// A body field as a node.
    func node(_ name: String) -> JSONNode? {
        body[name]
    }

    /// A path parameter.
    func param(_ name: String) -> String {
        params[name] ?? ""
    }

    /// Decodes `a=1&b=x%20y` into ordered pairs; `+` is a space, bad escapes are kept verbatim.
    static func decodeForm(_ text: Substring) -> [(String, String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            if let eq = pair.firstIndex(of: "=") {
                return (percentDecode(pair[..<eq]), percentDecode(pair[pair.index(after: eq)...]))
            }
            return (percentDecode(pair), "")
        }
    }

    static func percentDecode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if b == UInt8(ascii: "%"), it.count >= 2,
                let h = hexValue(it[it.startIndex]), let l = hexValue(it[it.startIndex + 1])
            {
                bytes.append(h << 4 | l)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Reads a request body: JSON when it looks like JSON (or says so), otherwise a form.
    static func decodeBody(_ bytes: [UInt8], contentType: String?) -> (JSONNode, Bool) {
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        if trimmed.isEmpty { return (.object([]), false) }
        let type = contentType?.lowercased() ?? ""
        if type.contains("json") || trimmed.first == UInt8(ascii: "{") || trimmed.first == UInt8(ascii: "[") {
            if let node = JSONNode.parse(Array(trimmed)) { return (node, false) }
            return (.object([]), true)
        }
        if type.contains("multipart/form-data") {
            guard let fields = decodeMultipart(Array(trimmed), contentType: contentType ?? "") else {
                return (.object([]), true)
            }
            return (.object(fields.map { ($0.0, .string($0.1)) }), false)
        }
        let text = String(decoding: trimmed, as: UTF8.self)
        return (.object(decodeForm(text[...]).map { ($0.0, .string($0.1)) }), false)
    }
}

extension SandboxRequest {
    /// Reads the text fields of a `multipart/form-data` body (what "form-data" means to curl
    /// `-F` and Postman); nil when the boundary is missing or the body does not use it.
    static func decodeMultipart(_ bytes: [UInt8], contentType: String) -> [(String, String)]? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[range.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.components(separatedBy: "--" + boundary)
        guard parts.count >= 2 else { return nil }
        var fields: [(String, String)] = []
        for part in parts.dropFirst() {
            guard let split = part.range(of: "\r\n\r\n") ?? part.range(of: "\n\n") else { continue }
            let head = part[..<split.lowerBound]
            guard let nameStart = head.range(of: "name=\"") else { continue }
            let rest = head[nameStart.upperBound...]
            guard let nameEnd = rest.firstIndex(of: "\"") else { continue }
            var value = String(part[split.upperBound...])
            // "\r\n" is one Character in Swift, so one removeLast drops either line ending.
            if value.hasSuffix("\r\n") || value.hasSuffix("\n") { value.removeLast() }
            fields.append((String(rest[..<nameEnd]), value))
        }
        return fields
    }
}

/// A finished answer: HTTP status, JSON text and extra headers.
struct SandboxReply: Sendable {
    var status: Int
    var body: String
    var headers: [(String, String)] = []

    /// Leeloo success: `{"data":…,"status":1}` plus optional extra top-level members.
    static func leeloo(_ data: JSONNode, extra: [(String, JSONNode)] = []) -> SandboxReply {
        SandboxReply(status: 200, body: JSONNode.object([("data", data)] + extra + [("status", .int(1))]).serialized())
    }

    /// A Leeloo list page with its `meta`.
    static func leelooPage(_ items: [JSONNode], limit: Int, offset: Int, total: Int) -> SandboxReply {
        let meta = JSONNode.object([
            ("limit", .int(limit)), ("offset", .int(offset)), ("filteredCount", .int(items.count)),
            ("totalCount", .int(total)),
        ])
        return leeloo(.array(items), extra: [("meta", meta)])
    }

    /// A Leeloo error: `{"status":0,"error":{"code":…,"fields":…}}` with the given HTTP status.
    static func leelooError(_ http: Int, _ code: String, fields: [(String, String)] = []) -> SandboxReply {
        var error: [(String, JSONNode)] = []
        if !fields.isEmpty { error.append(("fields", .object(fields.map { ($0.0, .string($0.1)) }))) }
        error.append(("code", .string(code)))
        return SandboxReply(
            status: http, body: JSONNode.object([("status", .int(0)), ("error", .object(error))]).serialized())
    }

    /// A Leeloo 404 for an unknown id.
    static let leelooNotFound = leelooError(404, "NOT_FOUND")

    /// A Leeloo 400 naming a missing or invalid field.
    static func leelooMissing(_ field: String, _ reason: String = "REQUIRED") -> SandboxReply {
        leelooError(400, "FORMAT_ERROR", fields: [(field, reason)])
    }

    /// A Chat-Tonic success body.
    static func chattonic(_ body: JSONNode) -> SandboxReply {
        SandboxReply(status: 200, body: body.serialized())
    }

    /// A Chat-Tonic error: `{"message":…}`.
    static func chattonicError(_ status: Int, _ message: String) -> SandboxReply {
        SandboxReply(status: status, body: JSONNode.object([("message", .string(message))]).serialized())
    }
}
