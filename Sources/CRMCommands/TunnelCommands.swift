import CRMCore

/// Leeloo v2 sales tunnels: list, get (with linked LGTs) and statistics.
enum TunnelCommands {
    static let group = "leeloo v2"

    static func commands() -> [Command] { [list(v1: false), get(v1: false), stats, list(v1: true), get(v1: true)] }

    /// `tunnels` and `v1 tunnels` (the v1 form is inferred from v2: no stored copy documents it).
    static func list(v1: Bool) -> Command {
        let name = v1 ? "v1 tunnels" : "tunnels"
        let base = v1 ? "/api/v1" : "/api/v2"
        return APICommand.make(
            CommandSpec(
                name, group: v1 ? "leeloo v1" : group, summary: "List sales tunnels.", flags: [CommonFlags.limit],
                examples: ["\(name) --limit 5 # requests: 1"],
                endpoints: [EndpointSpec(.leeloo, "GET", base + "/tunnels")]),
            shape: .stream(CommonFlags.leelooPaging)
        ) { _, _, _ in APIRequest(.leeloo, "GET", base + "/tunnels") }
    }

    static func get(v1: Bool) -> Command {
        let name = v1 ? "v1 tunnels get" : "tunnels get"
        let base = v1 ? "/api/v1" : "/api/v2"
        return APICommand.make(
            CommandSpec(
                name, group: v1 ? "leeloo v1" : group,
                summary: "Show one tunnel; --include leadgentools adds its LGTs (under 'linked').",
                parameters: [ParameterSpec("id", .string, "Tunnel id", completion: .dynamic("tunnels"))],
                flags: [FlagSpec("include", .string, "Side-load: leadgentools", completion: .words(["leadgentools"]))],
                examples: [
                    "for t in \(v1 ? "v1 tunnels" : "tunnels") --limit 1 | \(name) $t.id --include leadgentools # requests: 2"
                ],
                endpoints: [EndpointSpec(.leeloo, "GET", base + "/tunnels/{tunnel_id}")]),
            shape: .envelope(ifFlag: "include")
        ) { args, _, _ in
            let id = try args.need("id", for: name)
            return APIRequest(
                .leeloo, "GET", base + "/tunnels/\(CommonFlags.segment(id))",
                query: Build.query([("include", args.string("include"))]))
        }
    }

    static let stats = APICommand.make(
        CommandSpec(
            "tunnels stats", group: group, summary: "Subscribers, orders, sales and visits of all tunnels or one.",
            parameters: [
                ParameterSpec(
                    "id", .string, "Tunnel id (all tunnels when left out)", optional: true,
                    completion: .dynamic("tunnels"))
            ],
            examples: [
                "tunnels stats # requests: 1", "for t in tunnels --limit 1 | tunnels stats $t.id # requests: 2",
            ],
            endpoints: [CommonFlags.v2("GET", "/tunnels/stats"), CommonFlags.v2("GET", "/tunnels/{tunnel_id}/stats")]),
        shape: .data
    ) { args, _, _ in
        let path = args.string("id").map { "/tunnels/\(CommonFlags.segment($0))/stats" } ?? "/tunnels/stats"
        return APIRequest(.leeloo, "GET", CommonFlags.v2(path))
    }
}
