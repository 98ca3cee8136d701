/// The response examples of the Chat-Tonic Leads page (shared/seeds), then the reference's
/// Conversations and Queries shapes (shared/api/chattonic.md) for the list endpoints the page lacks.
extension ContractExample {
    static let leadsPage = "Chat-Tonic Leads (shared/seeds/chat-tonic-leads-api.txt)"
    static let chattonicReference = "Chat-Tonic reference (shared/api/chattonic.md)"

    private static let funnel = ContractNeed("funnel", from: "ct-funnels", at: "funnels.#key0")
    private static let group = ContractNeed("group", from: "ct-funnels", at: "funnels.#0.groups.0.name")

    static let chattonic: [ContractExample] = [
        ContractExample(
            "ct-funnels", page: leadsPage, section: "1. /lead/funnels",
            APIRequest(.chattonic, "GET", "/lead/funnels", query: [("skip", "0"), ("limit", "10")]),
            json: """
                { "limit": 10, "skip": 0, "funnels": { "sacarTarjeta": { "interactions": [ "INICIO", "DNI", "CELULAR",
                "INGRESO", "FIN" ], "groups": [ { "doubleCounting": true, "newAt": 24, "interactions": [ "INICIO",
                "DNI",
                "CELULAR", "INGRESO", "FIN" ], "_id": "5d7a6b9266f1bf664e3f6a7b", "funnelId": "sacarTarjeta",
                "name": "Sacar Tarjeta" } ] } } }
                """, maps: ["funnels"], list: true, note: "funnels is keyed by funnel id."),
        ContractExample(
            "ct-records", page: leadsPage, section: "2. /lead/records",
            APIRequest(
                .chattonic, "GET", "/lead/records",
                query: [("funnel", "{funnel}"), ("funnelGroup", "{group}"), ("skip", "0"), ("limit", "10")]),
            json: """
                { "limit": 10, "skip": 0, "objects": [ { "_id": "5d7bfc1298317f98fa111f99",
                "app": "57add9d952a84d940c9194a6", "account": "5970d180adf62b28c8630566", "interaction": {
                "funnel": "sacarTarjeta", "last": "INGRESO", "group": "Sacar Tarjeta" }, "user": { "extraData": [
                { "name": "DNI", "cxt": "12345678" }, { "name": "Celular", "cxt": "1412345678" },
                { "name": "Ingreso", "cxt": "1000" } ], "messageUser": "5d7aa7b9a2b64670f6653afe",
                "platform": "messenger", "firstName": "Juan", "lastName": "Perez" },
                "createdAt": "2019-09-13T20:29:06.684Z", "updatedAt": "2019-09-13T20:31:05.057Z" } ] }
                """, list: true, needs: [funnel, group],
            note: "The page's second object is cut off (three keys, a trailing comma, then \"...\"); left out."),
        ContractExample(
            "ct-export", page: leadsPage, section: "3. /lead/export",
            APIRequest(
                .chattonic, "GET", "/lead/export",
                query: [("funnel", "{funnel}"), ("funnelGroup", "{group}"), ("exportType", "csv"), ("bot", "bot")]),
            json: #"{ "message": "Te enviaremos un email en cuanto se termine de procesar el listado" }"#,
            needs: [funnel, group]),
        ContractExample(
            "ct-archive-url", page: leadsPage, section: "4. Download archives",
            APIRequest(.chattonic, "GET", "/archive/url", query: [("name", "{archive_file}")], auth: .appTokenQuery),
            json: """
                { "expiresIn": 86400, "url": "https://s3.amazonaws.com/chattonic.mobile-tonic.com/archive/demo_codename/csv/funnels/account-webchattonic-accountId/2021-05-01.zip" }
                """,
            note: "The page's keys are unquoted and the comma between them is missing. {archive_file} is a file "
                + "name from the archive listing."),
        ContractExample(
            "ct-archive-list", page: leadsPage, section: "4. Navigate between archive folders",
            APIRequest(
                .chattonic, "GET", "/archive/list", query: [("format", "csv"), ("prefix", "")], auth: .appTokenQuery),
            json: """
                { "objects": [ { "prefix": "funnels", "complete": "funnels/" }, { "prefix": "leads",
                "complete": "leads/" }, { "prefix": "messageUsers", "complete": "messageUsers/" },
                { "prefix": "messages", "complete": "messages/" } ] }
                """, list: true),
        ContractExample(
            "ct-messageusers", page: chattonicReference, section: "§2.1 GET /messageuser",
            APIRequest(.chattonic, "GET", "/messageuser", query: [("skip", "0"), ("limit", "10")]),
            json: """
                { "limit": 10, "skip": 0, "objects": [ { "allowedBroadcast": true, "_id": "5d7a00000000000000000002",
                "firstName": "First", "lastName": "Last", "profilePictureURL": "https://example.com/pic.jpg",
                "app": "57ad00000000000000000001", "account": "597000000000000000000001", "platform": "messenger",
                "real": true, "pointers": [], "createdAt": "2019-09-12T20:16:57.907Z",
                "updatedAt": "2019-09-13T20:31:05.107Z", "blockedAt": null, "context": { "someVariable": "1000" },
                "inFlow": "flowName", "lastMessageIn": { "flows": ["flowA", "flowB"],
                "_id": "5d7b00000000000000000009", "app": "57ad00000000000000000001",
                "account": "597000000000000000000001", "platform": "messenger", "id": "<platform message id>",
                "receivedAt": "2019-09-13T20:31:04.287Z", "to": "self", "from": "<platform user id>", "entities": [],
                "type": "text", "text": "1000", "handledByBot": true } } ] }
                """, maps: ["objects[].context"], loose: ["objects[].lastMessageIn.*"], list: true,
            note: "The reference abridges lastMessageIn with \"...\": more keys there are allowed. context holds "
                + "the bot's free-form variables."),
        ContractExample(
            "ct-queries", page: chattonicReference, section: "§2.2 GET /query",
            APIRequest(.chattonic, "GET", "/query", query: [("skip", "0"), ("limit", "10")]),
            json: """
                { "limit": 10, "skip": 0, "objects": [ { "_id": "5d7c00000000000000000001",
                "app": "57ad00000000000000000001", "messageUser": {}, "message": {},
                "account": { "_id": "597000000000000000000001" }, "origins": [], "status": "pending",
                "dates": { "pending": "2019-09-13T20:31:04.287Z" }, "search": "First Last",
                "createdAt": "2019-09-13T20:31:04.287Z", "updatedAt": "2019-09-13T20:31:04.287Z" } ] }
                """, maps: ["objects[].dates"], loose: ["objects[].messageUser.*", "objects[].message.*"], list: true,
            note: "The reference lists these keys in prose (messageUser {…}, message {…}); the values are samples."),
    ]
}
