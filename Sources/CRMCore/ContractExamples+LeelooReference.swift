/// Leeloo v2 examples the stored EN page lacks ("Response" with no body): taken from the API
/// reference (shared/api/leeloo.md), which copies them from the current RU v2 page (its PDF
/// export), neutral sample values, documented keys and types.
extension ContractExample {
    static let reference = "Leeloo reference from the RU v2 page (shared/api/leeloo.md)"

    private static func v2(
        _ id: String, _ section: String, _ path: String, _ json: String, list: Bool = true,
        query: [(String, String)] = [], maps: Set<String> = [], loose: [String] = [], needs: [ContractNeed] = [],
        note: String = ""
    ) -> ContractExample {
        ContractExample(
            id, page: reference, section: section, APIRequest(.leeloo, "GET", path, query: query), json: json,
            maps: maps, loose: loose, list: list, needs: needs, note: note)
    }

    private static let paging = [("limit", "20"), ("offset", "0")]
    private static let channel = ContractNeed("account_id", from: "v2-channels", at: "data.0.id")

    static let leelooReference: [ContractExample] =
        [
            ContractExample(
                "v1-users", page: "Leeloo reference from the RU v1 Users page (shared/api/leeloo.md)",
                section: "§1.6 GET /api/v1/users",
                APIRequest(.leeloo, "GET", "/api/v1/users", query: [("limit", "3"), ("offset", "0")]),
                json: """
                    { "data": [ { "id": "5a00000000000000000000aa", "name": "Staff Name",
                    "createdAt": "2017-08-31T10:20:32.860Z", "updatedAt": "2017-08-31T10:20:32.860Z" } ],
                    "meta": { "limit": 3, "offset": 0, "filteredCount": 3, "totalCount": 20 }, "status": 1 }
                    """, list: true),
            v2(
                "v2-chat-messages", "§2.2.1 GET /communication-channels/{id}/chat-messages",
                "/api/v2/communication-channels/{account_id}/chat-messages",
                """
                { "data": [ { "id": "5e0000000000000000000201", "text": "Message text", "type": "YOUR_MESSAGE",
                "read": true,
                "createdAt": "2020-02-06T11:30:30.035Z", "updatedAt": "2020-02-06T11:30:30.035Z" } ],
                "meta": { "limit": 2, "offset": 0, "filteredCount": 2, "totalCount": 52 }, "status": 1 }
                """, query: [("limit", "2"), ("offset", "0")], loose: ["data[].links.*", "data[].links"],
                needs: [channel],
                note: "links.createdBy on staff messages is documented by the v1 page (v1-chat-messages)."),
            v2(
                "v2-channels", "§2.3.1 GET /communication-channels", "/api/v2/communication-channels",
                """
                { "data": [ { "id": "5e0000000000000000000301", "person_id": "5e0000000000000000000300",
                "name": "Sample Name", "from": "TELEGRAM", "botStatus": "BOT",
                "lastMessageTime": "2020-08-31T07:55:53.865Z",
                "createdAt": "2020-06-22T09:07:53.351Z", "utmMarks": { "utm_source": "sample_source" } } ],
                "meta": { "limit": 2, "offset": 0, "filteredCount": 2, "totalCount": 2 }, "status": 1 }
                """, query: paging, maps: ["data[].utmMarks"], note: "utmMarks is keyed by UTM mark ({} when none)."),
            v2(
                "v2-connections", "§2.3.2 GET /connections", "/api/v2/connections",
                """
                { "data": { "connections": [ { "id": "65c000000000000000000001", "type": "telegram",
                "name": "Telegram bot" } ] }, "status": 1 }
                """),
            v2(
                "v2-channel-person", "§2.3.3 GET /communication-channels/{account_id}/person",
                "/api/v2/communication-channels/{account_id}/person", personDetail(included: "{}"), list: false,
                needs: [channel]),
            v2(
                "v2-orders", "§2.5.2 GET /orders", "/api/v2/orders",
                """
                { "data": [ { "id": "5e3000000000000000000101", "person_id": "5df000000000000000000001",
                "title": "Offer title", "price": 200, "currency": "USD", "status": "RESOLVED",
                "createdAt": "2020-02-04T16:36:02.213Z", "updatedAt": "2020-02-04T16:38:58.168Z" } ],
                "meta": { "limit": 1, "offset": 0, "filteredCount": 20, "totalCount": 93 }, "status": 1 }
                """, query: paging),
            v2(
                "v2-order", "§2.5.3 GET /orders/{order_id}", "/api/v2/orders/{order_id}",
                """
                { "status": 1, "data": { "id": "5e2000000000000000000001", "createdAt": "2015-04-02T14:20Z",
                "updatedAt": "2015-04-02T14:20Z", "title": "Title", "description": "Description", "price": 100,
                "currency": "UAH", "status": "SUCCESS", "paymentMethod": "WAYFORPAY" } }
                """, list: false, needs: [ContractNeed("order_id", from: "v2-orders", at: "data.0.id")]),
            v2(
                "v2-people", "§2.6.1 GET /people", "/api/v2/people",
                """
                { "status": 1, "data": [ { "id": "5e1000000000000000000001", "name": "Sample Name",
                "email": "user@example.com", "phone": "+10000000000", "tags": ["Tag A", "Tag B"], "accounts": [
                { "account_id": "5e1000000000000000000002", "connection_id": "5e1000000000000000000003",
                "connection_status": "OK", "from": "TELEGRAM" } ], "lastMessageTime": "2020-01-13T14:21:36.462Z" } ],
                "meta": { "totalCount": 1, "filteredCount": 1, "limit": 20, "offset": 0 } }
                """,
                query: paging,
                loose: ["data[].createdAt"],
                note: "createdAt on each item is the reference's live capture, not the page: allowed, not required. "
                    + "The page calls filter[last_message] required, but the same capture was made without it, "
                    + "as crm sends the request."),
            v2(
                "v2-person", "§2.6.2 GET /people/{person_id}", "/api/v2/people/{person_id}",
                personDetail(included: includedV2), list: false, query: [("include", "contactedUsers,orders")],
                needs: [ContractNeed("person_id", from: "v2-orders", at: "data.0.person_id")]),
            v2(
                "v2-tags", "§2.7.1 GET /tags", "/api/v2/tags",
                #"{ "status": 1, "data": [ { "id": "595000000000000000000001", "name": "Tag #1" } ] }"#,
                note: "Trailing comma removed."),
            v2(
                "v2-tunnels", "§2.8.1 GET /tunnels", "/api/v2/tunnels",
                """
                { "status": 1, "data": [ { "id": "595000000000000000000101", "name": "My tunnel",
                "createdAt": "2015-04-02T14:20Z", "updatedAt": "2015-04-02T14:20Z" } ],
                "meta": { "totalCount": 1, "filteredCount": 1, "limit": 20, "offset": 0 } }
                """, query: paging),
            v2(
                "v2-tunnel", "§2.8.2 GET /tunnels/{tunnel_id}?include=leadgentools", "/api/v2/tunnels/{tunnel_id}",
                """
                { "status": 1, "data": { "id": "595000000000000000000101", "name": "My tunnel",
                "createdAt": "2015-04-02T14:20Z", "updatedAt": "2015-04-02T14:20Z", "links": { "leadgentools": [
                { "type": "leadgentools", "id": "222000000000000000000001" } ] } }, "linked": { "leadgentools": [
                { "id": "222000000000000000000001", "name": "LGT1", "type": "LINK" } ] } }
                """, list: false, query: [("include", "leadgentools")],
                needs: [ContractNeed("tunnel_id", from: "v2-tunnels", at: "data.0.id")]),
            v2("v2-tunnels-stats", "§2.8.3 GET /tunnels/stats", "/api/v2/tunnels/stats", stats, list: false),
            v2(
                "v2-tunnel-stats", "§2.8.4 GET /tunnels/{tunnel_id}/stats", "/api/v2/tunnels/{tunnel_id}/stats", stats,
                list: false, needs: [ContractNeed("tunnel_id", from: "v2-tunnels", at: "data.0.id")]),
            v2(
                "v2-users", "§2.9.1 GET /users", "/api/v2/users",
                """
                { "status": 1, "data": [ { "id": "445000000000000000000001", "name": "Staff Name",
                "createdAt": "2015-04-02T14:20Z", "updatedAt": "2015-04-02T14:20Z" } ],
                "meta": { "totalCount": 1, "filteredCount": 1, "limit": 20, "offset": 0 } }
                """, query: paging),
            v2(
                "v2-user", "§2.9.2 GET /users/{user_id}", "/api/v2/users/{user_id}",
                """
                { "data": { "id": "632000000000000000000001", "name": "Staff Name",
                "createdAt": "2022-09-21T11:37:59.353Z", "updatedAt": "2022-09-27T12:26:12.786Z" }, "status": 1 }
                """, list: false, needs: [ContractNeed("user_id", from: "v2-users", at: "data.0.id")]),
        ] + leelooWrites

    static let stats = """
        { "status": 1, "data": [ { "subscribers": 10, "uniqSubscribers": 2, "orders": 4, "sales": 3, "uniqSales": 2,
        "visits": 14, "uniqVisits": 5, "shows": 5, "uniqShows": 3, "totalSale": 200, "totalExpenses": 100 } ] }
        """

    static let includedV2 = """
        { "users": [ { "id": "605000000000000000000001", "name": "Staff Name", "createdAt": "2021-03-16T11:35:28.644Z",
        "updatedAt": "2024-02-19T12:59:04.460Z" } ], "orders": [ { "id": "65c000000000000000000101",
        "title": "Offer title", "price": 100, "currency": "USD", "status": "OPENED",
        "updatedAt": "2024-02-16T12:44:42.569Z" } ] }
        """

    /// §2.3.3 and §2.6.2 share the person detail; they differ in `included`.
    static func personDetail(included: String) -> String {
        """
        { "data": { "id": "625000000000000000000001", "name": "Sample Name", "tags": [], "profileImage": "NOT_DEFINED",
        "gender": "NO_DATA", "phone": "+10000000000", "email": "user@example.com", "locale": "", "accounts": [
        { "account_id": "625000000000000000000002", "connection_id": "5e1000000000000000000003",
        "connection_status": "OK", "from": "TELEGRAM" } ], "subscribeHistory": [ { "tunnelName": "Default tunnel",
        "leadgentoolName": "Default leadgentool", "trafficSource": "Default traffic source",
        "tunnelId": "5e1000000000000000000010", "leadgentoolId": "5e1000000000000000000011",
        "trafficSourceId": "5e1000000000000000000012", "accountId": "625000000000000000000002" } ],
        "links": { "contactedUsers": [ { "type": "users", "id": "605000000000000000000001" } ],
        "orders": [ { "type": "orders", "id": "65c000000000000000000101" } ] },
        "custom_fields": [ { "type": "PHONE", "name": "phone", "value": "+10000000000" } ],
        "created_at": "2022-04-15T10:20:13.546Z", "updated_at": "2024-02-16T16:16:57.065Z" },
        "included": \(included), "status": 1 }
        """
    }
}
