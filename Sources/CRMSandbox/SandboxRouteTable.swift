/// Every route the sandbox serves, in match order (static segments before parameters where
/// they would collide, e.g. `/tunnels/stats` before `/tunnels/{tunnel_id}`).
enum SandboxRouteTable {
    static let all: [SandboxRoute] = leelooV1 + leelooV2 + chattonic

    static let leelooV1: [SandboxRoute] = [
        SandboxRoute("GET", "/api/v1/accounts", .leeloo) { w, r in w.listAccounts(r) },
        SandboxRoute("POST", "/api/v1/accounts", .leeloo) { w, r in w.createAccount(r) },
        SandboxRoute("GET", "/api/v1/accounts/{account_id}", .leeloo) { w, r in w.getAccount(r) },
        SandboxRoute("GET", "/api/v1/accounts/{account_id}/chat-messages", .leeloo) { w, r in w.accountChatMessages(r)
        },
        SandboxRoute("PUT", "/api/v1/accounts/{account_id}/add-tag", .leeloo) { w, r in w.changeAccountTag(r, on: true)
        },
        SandboxRoute("PUT", "/api/v1/accounts/{account_id}/remove-tag", .leeloo) { w, r in
            w.changeAccountTag(r, on: false)
        },
        SandboxRoute("GET", "/api/v1/users", .leeloo) { w, r in w.listUsers(r) },
        SandboxRoute("GET", "/api/v1/users/{user_id}", .leeloo) { w, r in w.getUser(r) },
        SandboxRoute("GET", "/api/v1/orders", .leeloo) { w, r in w.listOrders(r) },
        SandboxRoute("POST", "/api/v1/orders", .leeloo) { w, r in w.createOrder(r, v1: true) },
        SandboxRoute("GET", "/api/v1/orders/{order_id}", .leeloo) { w, r in w.getOrder(r) },
        SandboxRoute("POST", "/api/v1/orders/{order_id}", .leeloo) { w, r in w.updateOrder(r) },
        SandboxRoute("POST", "/api/v1/messages/send-template", .leeloo) { w, r in w.recordSend(r, template: true) },
        SandboxRoute("POST", "/api/v1/messages/send-message", .leeloo) { w, r in w.recordSend(r, template: false) },
        SandboxRoute("GET", "/api/v1/tunnels", .leeloo) { w, r in w.listTunnels(r) },
        SandboxRoute("GET", "/api/v1/tunnels/{tunnel_id}", .leeloo) { w, r in w.getTunnel(r) },
    ]

    static let leelooV2: [SandboxRoute] = [
        SandboxRoute("GET", "/api/v2/categories/templates", .leeloo) { w, r in w.listCategories(r) },
        SandboxRoute("GET", "/api/v2/categories/templates/{category_id}", .leeloo) { w, r in w.categoryTemplates(r) },
        SandboxRoute("POST", "/api/v2/messages/send-template", .leeloo) { w, r in w.recordSend(r, template: true) },
        SandboxRoute("POST", "/api/v2/messages/send-message", .leeloo) { w, r in w.recordSend(r, template: false) },
        SandboxRoute("GET", "/api/v2/communication-channels", .leeloo) { w, r in w.listChannels(r) },
        SandboxRoute("GET", "/api/v2/communication-channels/{id}/chat-messages", .leeloo) { w, r in
            w.chatMessages(r)
        },
        SandboxRoute("GET", "/api/v2/communication-channels/{account_id}/person", .leeloo) { w, r in w.channelPerson(r)
        },
        SandboxRoute("POST", "/api/v2/communication-channels/{account_id}/manual-subscribe", .leeloo) { w, r in
            w.manualSubscribe(r)
        },
        SandboxRoute("GET", "/api/v2/connections", .leeloo) { w, r in w.listConnections(r) },
        SandboxRoute("POST", "/api/v2/leadgentools/{leadgentool_id}/create-traffic-source", .leeloo) { w, r in
            w.createTrafficSource(r)
        },
        SandboxRoute("GET", "/api/v2/orders", .leeloo) { w, r in w.listOrders(r) },
        SandboxRoute("POST", "/api/v2/orders", .leeloo) { w, r in w.createOrder(r, v1: false) },
        SandboxRoute("GET", "/api/v2/orders/{order_id}", .leeloo) { w, r in w.getOrder(r) },
        SandboxRoute("POST", "/api/v2/orders/{order_id}", .leeloo) { w, r in w.updateOrder(r) },
        SandboxRoute("GET", "/api/v2/people", .leeloo) { w, r in w.listPeople(r) },
        SandboxRoute("POST", "/api/v2/people", .leeloo) { w, r in w.createPerson(r) },
        SandboxRoute("POST", "/api/v2/people/sms", .leeloo) { w, r in w.addSMSPeople(r) },
        SandboxRoute("GET", "/api/v2/people/{person_id}", .leeloo) { w, r in w.getPerson(r) },
        SandboxRoute("PUT", "/api/v2/people/{person_id}", .leeloo) { w, r in w.updatePerson(r) },
        SandboxRoute("PUT", "/api/v2/people/{person_id}/add-comment", .leeloo) { w, r in w.addComment(r) },
        SandboxRoute("PUT", "/api/v2/people/{person_id}/add-tag", .leeloo) { w, r in w.changePersonTag(r, on: true) },
        SandboxRoute("PUT", "/api/v2/people/{person_id}/remove-tag", .leeloo) { w, r in w.changePersonTag(r, on: false)
        },
        SandboxRoute("POST", "/api/v2/calls", .leeloo) { w, r in w.createCall(r) },
        SandboxRoute("GET", "/api/v2/tags", .leeloo) { w, r in w.listTags(r) },
        SandboxRoute("GET", "/api/v2/tunnels", .leeloo) { w, r in w.listTunnels(r) },
        SandboxRoute("GET", "/api/v2/tunnels/stats", .leeloo) { w, r in w.allTunnelStats(r) },
        SandboxRoute("GET", "/api/v2/tunnels/{tunnel_id}", .leeloo) { w, r in w.getTunnel(r) },
        SandboxRoute("GET", "/api/v2/tunnels/{tunnel_id}/stats", .leeloo) { w, r in w.tunnelStats(r) },
        SandboxRoute("GET", "/api/v2/users", .leeloo) { w, r in w.listUsers(r) },
        SandboxRoute("GET", "/api/v2/users/{user_id}", .leeloo) { w, r in w.getUser(r) },
    ]

    static let chattonic: [SandboxRoute] = [
        SandboxRoute("POST", "/api/v1/user/login", .none) { w, r in w.login(r) },
        SandboxRoute("GET", "/api/v1/{codename}/lead/funnels", .bearer) { w, r in w.funnels(r) },
        SandboxRoute("GET", "/api/v1/{codename}/lead/records", .bearer) { w, r in w.leadRecords(r) },
        SandboxRoute("GET", "/api/v1/{codename}/lead/export", .bearer) { w, r in w.leadExport(r) },
        SandboxRoute("GET", "/api/v1/{codename}/messageuser", .bearer) { w, r in w.listMessageUsers(r) },
        SandboxRoute("GET", "/api/v1/{codename}/query", .bearer) { w, r in w.listQueries(r) },
        SandboxRoute("POST", "/api/v1/{codename}/query", .bearer) { w, r in w.createQuery(r) },
        SandboxRoute("PUT", "/api/v1/{codename}/query/take", .bearer) { w, r in w.takeQuery(r) },
        SandboxRoute("GET", "/api/v1/{codename}/archive/url", .appToken) { w, r in w.archiveURL(r) },
        SandboxRoute("GET", "/api/v1/{codename}/archive/list", .appToken) { w, r in w.archiveList(r) },
    ]

    /// The route for a method and path, with its captured parameters.
    static func find(method: String, parts: [Substring]) -> (SandboxRoute, [String: String])? {
        for route in all where route.method == method {
            if let params = route.match(parts) { return (route, params) }
        }
        return nil
    }

    /// True when some route serves this path with another method (for 405 vs 404).
    static func pathExists(_ parts: [Substring]) -> Bool {
        all.contains { $0.match(parts) != nil }
    }
}
