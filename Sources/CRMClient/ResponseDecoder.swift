import CRMCore

/// Turns a complete response into a `Value` or the `CRMError` that names the request and quotes
/// the server. Failure is a non-2xx status or, for Leeloo, a body with `status: 0`.
struct ResponseDecoder: Sendable {
    /// Hides tokens in quoted bodies.
    let redactor: Redactor

    /// The decoded body of a 2xx response; throws for a Leeloo `status: 0`, HTML or broken JSON.
    func decodeSuccess(_ r: RawResponse, for p: PreparedRequest) throws(CRMError) -> Value {
        let value = try parse(r, for: p)
        if p.request.api == .leeloo, case .record(let rec) = value, let status = rec["status"], Self.isZero(status) {
            throw leelooError(rec, body: r.body, for: p)
        }
        return value
    }

    /// The body as JSON: empty is null; HTML and invalid or cut-off JSON are `http.bad-body`.
    func parse(_ r: RawResponse, for p: PreparedRequest) throws(CRMError) -> Value {
        var bytes = r.body
        let firstNonSpace = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        guard let first = firstNonSpace else { return .null }
        let type = r.header("Content-Type")?.lowercased() ?? ""
        if type.contains("html") || first == UInt8(ascii: "<") {
            throw CRMError(
                "http.bad-body", "\(p.label) returned HTML, not JSON (status \(r.status)): \(quote(r.body))",
                help: "check the base URL of the profile", exit: .network)
        }
        do {
            return try Value.parseJSON(bytes: &bytes)
        } catch {
            if error.offset >= bytes.count {
                throw CRMError(
                    "http.bad-body",
                    "\(p.label) failed: the response body was cut off after \(bytes.count) bytes: \(quote(r.body))",
                    exit: .network)
            }
            throw CRMError(
                "http.bad-body",
                "\(p.label) returned invalid JSON (\(error.message) at byte \(error.offset)): \(quote(r.body))",
                exit: .network)
        }
    }

    /// The error for a non-2xx status after retries ended (`attempts` made).
    func statusError(_ r: RawResponse, for p: PreparedRequest, attempts: Int) -> CRMError {
        let head = "\(p.label) failed: \(r.status) \(r.reason.isEmpty ? "" : r.reason)".trimmingSpaces()
        // A Leeloo error naming the refused fields says it better than its raw JSON does.
        let quoted = fieldErrors(r, for: p).map { ": " + $0 } ?? (r.body.isEmpty ? "" : ": " + quote(r.body))
        switch r.status {
        case 401, 403:
            let env = p.request.api == .leeloo ? "CRM_LEELOO_TOKEN" : "CRM_CHATTONIC_TOKEN"
            return CRMError(
                "auth.rejected", head + quoted,
                help: "the server rejected the token; check \(env) or the profile's token",
                exit: .auth)
        case 300..<400:
            let target = r.header("Location").map { " to '\(redactor.redact($0))'" } ?? ""
            return CRMError(
                "http.status", head + quoted, help: "the server redirected\(target); check the profile's base URL",
                exit: .api)
        case 429:
            return CRMError(
                "http.rate-limited", head + " (gave up after \(attempts) attempts)" + quoted, exit: .rateLimited)
        default:
            return CRMError("http.status", head + quoted, exit: .api)
        }
    }

    /// `FORMAT_ERROR (phone: INVALID, name: REQUIRED)` for a Leeloo error body that names fields;
    /// nil for any other body.
    func fieldErrors(_ r: RawResponse, for p: PreparedRequest) -> String? {
        guard p.request.api == .leeloo, r.body.first == UInt8(ascii: "{"), case .record(let rec)? = try? parse(r, for: p),
            let err = rec["error"]?.recordValue, let fields = err["fields"]?.recordValue, !fields.isEmpty
        else { return nil }
        let code = err["code"]?.displayText ?? "error"
        return redactor.redact(
            code + " (" + fields.fields.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ") + ")")
    }

    /// The `api.error` for a Leeloo `{status: 0, error: {code, fields}}` body.
    func leelooError(_ rec: Record, body: [UInt8], for p: PreparedRequest) -> CRMError {
        var detail = "status 0"
        var isAuth = false
        if let err = rec["error"]?.recordValue {
            if let code = err["code"]?.displayText, !code.isEmpty { detail = code }
            if let fields = err["fields"]?.recordValue, !fields.isEmpty {
                detail +=
                    " (" + fields.fields.map { "\($0.key): \($0.value.displayText)" }.joined(separator: ", ") + ")"
                isAuth = fields["authToken"] != nil
            }
        } else if let msg = rec["error"]?.stringValue ?? rec["message"]?.stringValue {
            detail = msg
        }
        let message = "\(p.label) failed: \(detail): \(quote(body))"
        if isAuth {
            return CRMError(
                "auth.rejected", message, help: "check CRM_LEELOO_TOKEN or the profile's token", exit: .auth)
        }
        return CRMError("api.error", message, exit: .api)
    }

    /// Up to ~300 characters of a body on one line, tokens redacted.
    func quote(_ body: [UInt8]) -> String {
        var text = String(decoding: body.prefix(4096), as: UTF8.self)
        text = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
        text = redactor.redact(text)
        if text.count > 300 { text = String(text.prefix(300)) + "…" }
        return text
    }

    static func isZero(_ v: Value) -> Bool {
        switch v {
        case .int(0), .bool(false): true
        case .double(let d): d == 0
        case .string(let s): s == "0"
        default: false
        }
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
