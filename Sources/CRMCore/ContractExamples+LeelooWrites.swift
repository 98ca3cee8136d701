/// The reference's examples of Leeloo v2 write responses (shared/api/leeloo.md), with documented
/// request bodies. Only the contract tests send them; `crm doctor` is read-only.
extension ContractExample {
    private static func write(
        _ id: String, _ section: String, _ method: String, _ path: String, body: String, _ json: String,
        needs: [ContractNeed]
    ) -> ContractExample {
        ContractExample(
            id, page: reference, section: section, APIRequest(.leeloo, method, path), json: json, needs: needs,
            body: body)
    }

    private static let account = ContractNeed("account_id", from: "v2-channels", at: "data.0.id")
    private static let person = ContractNeed("person_id", from: "v2-orders", at: "data.0.person_id")
    private static let empty = #"{ "status": 1, "data": {} }"#

    static let leelooWrites: [ContractExample] = [
        write(
            "v2-send-template", "§2.1.3 POST /messages/send-template", "POST", "/api/v2/messages/send-template",
            body: #"{ "account_id": "{account_id}", "template_id": "{template_id}", "variables": { "name": "Ann" } }"#,
            empty,
            needs: [account, ContractNeed("template_id", from: "v2-category-templates", at: "data.templates.0.id")]),
        write(
            "v2-send-message", "§2.2.2 POST /messages/send-message", "POST", "/api/v2/messages/send-message",
            body: #"{ "account_id": "{account_id}", "text": "Message text" }"#, empty, needs: [account]),
        write(
            "v2-add-comment", "§2.6.6 PUT /people/{person_id}/add-comment", "PUT",
            "/api/v2/people/{person_id}/add-comment", body: #"{ "comment": "some text" }"#,
            """
            { "data": { "created_by": "5b9000000000000000000002", "company_id": "5b9000000000000000000001",
            "text": "some text", "entity_id": "5da000000000000000000001", "entity_type": "PERSON",
            "created_at": "2020-01-30T10:08:50.677Z", "updated_at": "2020-01-30T10:08:50.677Z",
            "id": "5e3000000000000000000003" }, "status": 1 }
            """, needs: [person]),
        write(
            "v2-add-tag", "§2.7.3 PUT /people/{person_id}/add-tag", "PUT", "/api/v2/people/{person_id}/add-tag",
            body: #"{ "tag_id": "{tag_id}" }"#, empty,
            needs: [person, ContractNeed("tag_id", from: "v2-tags", at: "data.0.id")]),
        write(
            "v2-remove-tag", "§2.7.2 PUT /people/{person_id}/remove-tag", "PUT",
            "/api/v2/people/{person_id}/remove-tag",
            body: #"{ "tag_id": "{tag_id}" }"#, empty,
            needs: [person, ContractNeed("tag_id", from: "v2-tags", at: "data.0.id")]),
        write(
            "v2-create-person", "§2.6.4 POST /people", "POST", "/api/v2/people",
            body: """
                { "name": "Sample Name", "email": "user@example.com", "phone": "+10000000000",
                "leadgentool_id": "{leadgentool_id}" }
                """,
            """
            { "data": { "id": "60a000000000000000000001", "person_id": "60a000000000000000000000",
            "name": "Sample Name", "tags": [], "from": "MANUAL", "botStatus": "BOT", "connectionStatus": "OK",
            "gender": "NOT_DEFINED", "phone": "+10000000000", "email": "user@example.com", "locale": "",
            "subscribeHistory": [], "createdAt": "2021-05-19T07:23:03.546Z", "updatedAt": "2021-05-19T07:23:03.546Z" },
            "status": 1 }
            """, needs: [ContractNeed("leadgentool_id", from: "v2-tunnel", at: "linked.leadgentools.0.id")]),
        write(
            "v2-create-traffic-source", "§2.4.1 POST /leadgentools/{leadgentool_id}/create-traffic-source", "POST",
            "/api/v2/leadgentools/{leadgentool_id}/create-traffic-source",
            body: #"{ "name": "Traffic source name", "description": "Free text" }"#,
            """
            { "data": { "type": "normal", "fb_adset_id": null, "name": "Traffic source name",
            "description": "Free text", "synchronized_with_fb": false, "synchronization_error": false,
            "disabled": false, "company_id": "5b9000000000000000000001", "leadgentool_id": "5e1000000000000000000001",
            "tunnel_id": "5e1000000000000000000002", "created_by": "5b9000000000000000000002", "hash": "abc123",
            "resubscribe_button_id": "5e3000000000000000000001", "createdAt": "2020-01-30T12:49:49.273Z",
            "updatedAt": "2020-01-30T12:49:49.273Z", "id": "5e3000000000000000000002" }, "status": 1 }
            """, needs: [ContractNeed("leadgentool_id", from: "v2-tunnel", at: "linked.leadgentools.0.id")]),
    ]
}
