import CRMCore

/// Server values for Tab completion, fetched on demand; the line editor caches them per profile.
///
/// Kinds: `tags` (names), `tag-ids`, `templates` (every category's), `categories`, `tunnels`,
/// `users`, `funnels`, `groups` (funnel group names), `connections`. Ids come with an
/// `id — name` label. Lists are capped at `cap` items so completion stays quick.
public enum DynamicValues {
    /// The most items one kind fetches.
    public static let cap = 500

    /// Every kind `fetch` understands.
    public static let kinds = [
        "tags", "tag-ids", "templates", "categories", "tunnels", "users", "funnels", "groups", "connections",
    ]

    /// The completion values of `kind` with their labels. Unknown kinds yield nothing.
    public static func fetch(_ kind: String, api: any APIService) async throws -> [(value: String, label: String)] {
        switch kind {
        case "tags":
            return try await TagResolver.fetch(api: api).map { ($0.name, $0.name) }
        case "tag-ids":
            return try await TagResolver.fetch(api: api).map { ($0.id, "\($0.id) — \($0.name)") }
        case "templates":
            return try await TemplateCommands.all(api: api).compactMap { idLabel($0, nameKey: "message_name") }
        case "categories":
            let body = try await api.send(APIRequest(.leeloo, "GET", CommonFlags.v2("/categories/templates")))
            return items(ResponseShape.dataList("categories").extract(body, args: Arguments())).compactMap {
                idLabel($0)
            }
        case "connections":
            let body = try await api.send(APIRequest(.leeloo, "GET", CommonFlags.v2("/connections")))
            return items(ResponseShape.dataList("connections").extract(body, args: Arguments())).compactMap {
                idLabel($0)
            }
        case "tunnels", "users":
            let stream = api.stream(
                APIRequest(.leeloo, "GET", CommonFlags.v2("/\(kind)")), paging: CommonFlags.leelooPaging, limit: cap)
            return try await items(PipelineData.stream(stream).collect(limit: cap)).compactMap { idLabel($0) }
        case "funnels", "groups":
            let body = try await api.send(
                APIRequest(.chattonic, "GET", "/lead/funnels", query: [("skip", "0"), ("limit", "100")]))
            let funnels = ChattonicLeadCommands.funnelList(body)
            if kind == "funnels" {
                return funnels.compactMap { f in
                    guard let id = f[field: "id"]?.displayText else { return nil }
                    let groups = f[field: "groups"]?.listValue?.count ?? 0
                    return (id, "\(id) — \(groups) group\(groups == 1 ? "" : "s")")
                }
            }
            var seen = Set<String>()
            var out: [(value: String, label: String)] = []
            for f in funnels {
                let funnel = f[field: "id"]?.displayText ?? ""
                for g in f[field: "groups"]?.listValue ?? [] {
                    guard let name = g[field: "name"]?.stringValue, seen.insert(name).inserted else { continue }
                    out.append((name, "\(name) — \(funnel)"))
                }
            }
            return out
        default:
            return []
        }
    }

    static func items(_ v: Value) -> [Value] { Array((v.listValue ?? []).prefix(cap)) }

    static func idLabel(_ item: Value, nameKey: String = "name") -> (value: String, label: String)? {
        guard let id = item[field: "id"]?.displayText, !id.isEmpty else { return nil }
        guard let name = item[field: nameKey]?.stringValue else { return (id, id) }
        return (id, "\(id) — \(name)")
    }
}
