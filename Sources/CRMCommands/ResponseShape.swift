import CRMCore

/// How an API command turns the server's answer into pipeline data.
///
/// Leeloo wraps everything in `{data, meta, included|linked, status}`; Chat-Tonic answers bare
/// objects. Declaring the shape next to the command keeps the unwrapping rules in one place
/// instead of repeating them in fifty closures.
enum ResponseShape: Sendable {
    /// A paginated list: a lazy stream over every page (`--limit` caps the items).
    case stream(Paging)
    /// A Leeloo object: the value of `data`.
    case data
    /// A Leeloo list nested one level down: `data.<key>` (`categories`, `templates`, `connections`).
    case dataList(String)
    /// A Leeloo list directly in `data` that is not paginated (`tags`, tunnel stats).
    case dataItems
    /// `data`, unless the flag is set: then the whole envelope minus `status`, so side-loaded
    /// `included` (people, accounts) or `linked` (tunnels) records stay visible.
    case envelope(ifFlag: String)
    /// The decoded body as it came (raw requests, Chat-Tonic objects).
    case body
    /// A list under a key of a Chat-Tonic body (`objects` of the archive listing).
    case bodyItems(String)

    /// Extracts the pipeline value from a decoded body (not used for `.stream`).
    func extract(_ body: Value, args: Arguments) -> Value {
        switch self {
        case .stream, .body:
            return body
        case .data:
            return body[field: "data"] ?? body
        case .dataList(let key):
            let data = body[field: "data"] ?? .null
            if let list = data[field: key] { return list }
            if case .list = data { return data }
            return .list([])
        case .dataItems:
            let data = body[field: "data"] ?? .null
            if case .list = data { return data }
            return data.isNull ? .list([]) : .list([data])
        case .envelope(let flag):
            guard args.value(flag).map({ !$0.isNull }) ?? false, var record = body.recordValue else {
                return body[field: "data"] ?? body
            }
            record["status"] = nil
            return .record(record)
        case .bodyItems(let key):
            return body[field: key] ?? .list([])
        }
    }
}

extension ResponseShape {
    /// Refuses a 2xx body that is not the list the shape reads: an empty body, or one without a
    /// `data` key, is a located error, never an empty list that looks like an answer.
    func check(_ body: Value, _ request: APIRequest) throws {
        guard case .dataItems = self else { return }
        if case .record(let r) = body, r["data"] != nil { return }
        let what = body.isNull ? "an empty body" : "no 'data' in its body"
        throw CRMError(
            "http.bad-page", "\(request.method) \(request.path) returned \(what), not a list; nothing was listed.",
            exit: .network)
    }
}
