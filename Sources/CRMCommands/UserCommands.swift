import CRMCore

/// Platform users (staff) for Leeloo v2 (`users`) and v1 (`v1 users`).
enum UserCommands {
    static func commands() -> [Command] { [list(v1: false), get(v1: false), list(v1: true), get(v1: true)] }

    static func list(v1: Bool) -> Command {
        let name = v1 ? "v1 users" : "users"
        let base = v1 ? "/api/v1" : "/api/v2"
        return APICommand.make(
            CommandSpec(
                name, group: v1 ? "leeloo v1" : "leeloo v2", summary: "List platform users (staff).",
                flags: [CommonFlags.limit], examples: ["\(name) --limit 5 # requests: 1"],
                endpoints: [EndpointSpec(.leeloo, "GET", base + "/users")]),
            shape: .stream(CommonFlags.leelooPaging)
        ) { _, _, _ in APIRequest(.leeloo, "GET", base + "/users") }
    }

    static func get(v1: Bool) -> Command {
        let name = v1 ? "v1 users get" : "users get"
        let base = v1 ? "/api/v1" : "/api/v2"
        return APICommand.make(
            CommandSpec(
                name, group: v1 ? "leeloo v1" : "leeloo v2", summary: "Show one platform user.",
                parameters: [ParameterSpec("id", .string, "User id", completion: .dynamic("users"))],
                examples: ["for u in \(v1 ? "v1 users" : "users") --limit 1 | \(name) $u.id # requests: 2"],
                endpoints: [EndpointSpec(.leeloo, "GET", base + "/users/{user_id}")]),
            shape: .data
        ) { args, _, _ in
            let id = try args.need("id", for: name)
            return APIRequest(.leeloo, "GET", base + "/users/\(CommonFlags.segment(id))")
        }
    }
}
