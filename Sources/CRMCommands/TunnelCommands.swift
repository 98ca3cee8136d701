import CRMCore

/// Leeloo v2 sales tunnels: list, get (with linked LGTs) and statistics.
enum TunnelCommands {
    static let group = "leeloo v2"

    static func commands() -> [Command] { [list, get, stats] }

    static let list = APICommand.make(
        CommandSpec(
            "tunnels", group: group, summary: "List sales tunnels.", flags: [CommonFlags.limit],
            examples: ["tunnels --limit 5"], endpoints: [CommonFlags.v2("GET", "/tunnels")]),
        shape: .stream(CommonFlags.leelooPaging)
    ) { _, _, _ in APIRequest(.leeloo, "GET", CommonFlags.v2("/tunnels")) }

    static let get = APICommand.make(
        CommandSpec(
            "tunnels get", group: group, summary: "Show one tunnel; --include leadgentools adds its LGTs (under 'linked').",
            parameters: [ParameterSpec("id", .string, "Tunnel id", completion: .dynamic("tunnels"))],
            flags: [FlagSpec("include", .string, "Side-load: leadgentools", completion: .words(["leadgentools"]))],
            examples: ["for t in tunnels --limit 1 | tunnels get $t.id --include leadgentools"],
            endpoints: [CommonFlags.v2("GET", "/tunnels/{tunnel_id}")]),
        shape: .envelope(ifFlag: "include")
    ) { args, _, _ in
        let id = try args.need("id", for: "tunnels get")
        return APIRequest(
            .leeloo, "GET", CommonFlags.v2("/tunnels/\(CommonFlags.segment(id))"),
            query: Build.query([("include", args.string("include"))]))
    }

    static let stats = APICommand.make(
        CommandSpec(
            "tunnels stats", group: group, summary: "Subscribers, orders, sales and visits of all tunnels or one.",
            parameters: [ParameterSpec("id", .string, "Tunnel id (all tunnels when left out)", optional: true,
                completion: .dynamic("tunnels"))],
            examples: ["tunnels stats", "for t in tunnels --limit 1 | tunnels stats $t.id"],
            endpoints: [CommonFlags.v2("GET", "/tunnels/stats"), CommonFlags.v2("GET", "/tunnels/{tunnel_id}/stats")]),
        shape: .data
    ) { args, _, _ in
        let path = args.string("id").map { "/tunnels/\(CommonFlags.segment($0))/stats" } ?? "/tunnels/stats"
        return APIRequest(.leeloo, "GET", CommonFlags.v2(path))
    }
}
