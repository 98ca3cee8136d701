import CRMCore

/// `get`, `post`, `put`, `delete`: raw requests for anything the named commands do not cover,
/// routed to Leeloo or Chat-Tonic by their path or `--api`.
enum RawRequestCommands {
    static let group = "raw"

    /// Leeloo v1 resources (`/api/v1/<resource>`); any other `/api/v1/…` path is Chat-Tonic's.
    static let leelooV1Resources: Set<String> = ["accounts", "users", "orders", "messages", "tunnels"]
    /// Leeloo v2 resources, for short paths without `/api/v2` (`get /people`).
    static let leelooV2Resources: Set<String> = [
        "people", "tags", "tunnels", "orders", "users", "communication-channels", "connections", "categories",
        "messages", "calls", "leadgentools",
    ]

    static func commands() -> [Command] { ["GET", "POST", "PUT", "DELETE"].map(command) }

    /// Where a raw path goes: the API, the request path and whether the Chat-Tonic codename is
    /// put in front.
    static func route(_ rawPath: String, api forced: API?) -> (api: API, path: String, usesCodename: Bool) {
        let path = rawPath.hasPrefix("/") ? rawPath : "/" + rawPath
        let segments = path.split(separator: "/").map(String.init)
        let isFull = segments.first == "api"
        switch forced {
        case .leeloo?:
            return (.leeloo, isFull ? path : "/api/v2" + path, false)
        case .chattonic?:
            return (.chattonic, path, !isFull)
        case nil:
            if isFull {
                if segments.count > 1, segments[1] == "v2" { return (.leeloo, path, false) }
                if segments.count > 2, segments[1] == "v1", leelooV1Resources.contains(segments[2]) {
                    return (.leeloo, path, false)
                }
                return (.chattonic, path, false)
            }
            if let first = segments.first, leelooV2Resources.contains(first) {
                return (.leeloo, "/api/v2" + path, false)
            }
            return (.chattonic, path, true)
        }
    }

    static func command(_ method: String) -> Command {
        let name = method.lowercased()
        let takesBody = method == "POST" || method == "PUT"
        var parameters = [
            ParameterSpec("path", .string, "Path: /api/v2/…, /api/v1/…, or a Chat-Tonic path like /lead/funnels")
        ]
        parameters.append(
            takesBody
                ? ParameterSpec("body", .any, "JSON body: a record, a list or JSON text", optional: true)
                : ParameterSpec("params", .string, "Query parameters key=value", variadic: true))
        let examples: [String] =
            switch method {
            case "GET": ["get /api/v2/tags # requests: 1", "get /api/v2/tunnels limit=2 | get data # requests: 1"]
            case "POST":
                [
                    "for p in people --limit 1 | post /api/v2/people {name: 'Raw Person', phone: '+10000000003', leadgentool_id: '5e1000000000000000000001'} # requests: 2"
                ]
            case "PUT":
                ["for p in people --limit 1 | put \"/api/v2/people/${p.id}\" {email: 'raw@example.com'} # requests: 2"]
            default: ["option curl on; delete /api/v2/tags/000000000000000000000000"]
            }
        var spec = CommandSpec(
            name, group: group, summary: "Send a raw \(method) request to Leeloo or Chat-Tonic and return the body.",
            parameters: parameters,
            flags: [FlagSpec("api", .choice(["leeloo", "chattonic"]), "Which API (default: decided by the path)")],
            examples: examples, isWrite: method != "GET")
        spec.isRawRequest = true
        return APICommand.custom(spec) { args, _, ctx, api in
            let given = try args.need("path", for: name)
            var pathPart = given
            var query: [(String, String)] = []
            if let q = given.firstIndex(of: "?") {
                pathPart = String(given[..<q])
                query = try pairs(given[given.index(after: q)...].split(separator: "&").map(String.init), command: name)
            }
            query += try pairs(args.strings("params"), command: name)
            let target = route(pathPart, api: args.string("api").flatMap(API.init(rawValue:)))
            let isArchive = target.api == .chattonic && target.path.contains("/archive/")
            let request = APIRequest(
                target.api, method, target.path, query: query, body: try body(args.value("body")),
                auth: isArchive ? .appTokenQuery : .standard, usesCodename: target.usesCodename)
            return try await APICommand.perform(request, shape: .body, args: args, ctx: ctx, api: api)
        }
    }

    static func pairs(_ words: [String], command: String) throws -> [(String, String)] {
        try words.filter { !$0.isEmpty }.map { word in
            guard let eq = word.firstIndex(of: "=") else {
                throw CRMError.usage("bad-value", "Expected key=value for '\(command)', got '\(word)'.")
            }
            return (String(word[..<eq]), String(word[word.index(after: eq)...]))
        }
    }

    static func body(_ value: Value?) throws -> RequestBody {
        switch value {
        case nil, .null?: return .none
        case .string(let text)?:
            do { return .json(try Value.parseJSON(text)) } catch {
                throw CRMError.usage("bad-body", "The body is not JSON: \(error.message) at byte \(error.offset).")
            }
        case let v?: return .json(v)
        }
    }
}
