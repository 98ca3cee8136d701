/// The body rule of every write route, keyed `METHOD path` (the route table's template). Each
/// entry names its page and section; docs/sandbox.md holds the same list as a table, with the
/// guesses marked.
extension BodyRule {
    /// The rule for a route, nil for routes that take no body.
    static func of(_ route: SandboxRoute) -> BodyRule? {
        byRoute[route.method + " " + route.path]
    }

    private static let orderUpdate = BodyRule(
        // v2 page "Update information in a MANUAL (manual) order": Request Body(form-data); the RU
        // page shows a JSON example, so both are accepted. Required: only status (guess). `price` is
        // text on the page ('100') and may be a JSON number (issue 21); `paymentDate` in any of the
        // forms of `SandboxDates` (the page's, the RU example's and PHP's).
        allowsForm: true,
        fields: [
            req("status", .oneOf(["RESOLVED", "REJECTED"])), opt("paymentDate", .date),
            opt("currency", .oneOf(["USD", "EUR", "UAH", "RUB"])), opt("price", .numericText),
            opt("userComments", .text),
        ])

    private static func tagBody(form: Bool) -> BodyRule {
        BodyRule(allowsForm: form, fields: [req("tag_id", .text)])
    }

    private static func orderCreate(buyer: String, manager: Bool) -> BodyRule {
        // v2 page "Create manual order": the ids are required (guess: the page only marks
        // managerId optional; email, phone, date and notify are treated as optional too).
        var fields = [
            req("paymentCreditsId", .text), opt("email", .text), opt("phone", .text), opt("transactionDate", .date),
            req("offerId", .text), opt("isNotifyAccount", .flag), req(buyer, .text),
        ]
        if manager { fields.append(opt("managerId", .text)) }
        return BodyRule(allowsForm: buyer == "accountId", fields: fields)
    }

    private static let sendTemplate = BodyRule(
        // v2 page "Sending a message template": account_id, template_id, variables {key: value}.
        allowsForm: false, fields: [req("account_id", .text), req("template_id", .text), opt("variables", .textMap)])
    private static let sendMessage = BodyRule(
        // v2 page "Sending messages": account_id, text.
        allowsForm: false, fields: [req("account_id", .text), req("text", .text)])

    private static let byRoute: [String: BodyRule] = [
        // v1 (reference §1.4-1.10, third-party code only: JSON and form both seen).
        "POST /api/v1/accounts": BodyRule(
            allowsForm: true, fields: [req("name", .text), opt("email", .text), opt("phone", .text)]),
        "PUT /api/v1/accounts/{account_id}/add-tag": tagBody(form: true),
        "PUT /api/v1/accounts/{account_id}/remove-tag": tagBody(form: true),
        "POST /api/v1/orders": orderCreate(buyer: "accountId", manager: false),
        "POST /api/v1/orders/{order_id}": orderUpdate,
        "POST /api/v1/messages/send-template": sendTemplate,
        "POST /api/v1/messages/send-message": sendMessage,
        // v2 ("all requests must be sent in JSON format", except the form-data labels).
        "POST /api/v2/messages/send-template": sendTemplate,
        "POST /api/v2/messages/send-message": sendMessage,
        "POST /api/v2/communication-channels/{account_id}/manual-subscribe": BodyRule(
            allowsForm: true, fields: [req("tunnel_id", .text), req("tunnel_block_id", .text)]),
        "POST /api/v2/leadgentools/{leadgentool_id}/create-traffic-source": BodyRule(
            allowsForm: false, fields: [req("name", .text), opt("description", .text)]),
        "POST /api/v2/orders": orderCreate(buyer: "personId", manager: true),
        "POST /api/v2/orders/{order_id}": orderUpdate,
        "POST /api/v2/people": BodyRule(
            // "NOTE: connected_users_ids - is not required". The page sends leadgentool_id, but issue 21
            // reports public clients creating people without it and with fields the page does not
            // show (`tags`, `metadata`, …): only name is required, other fields are taken and
            // ignored, except `tags` (see `createTags`). Email and phone optional is a guess.
            allowsForm: false,
            fields: [
                req("name", .text), opt("email", .text), opt("phone", .text), opt("leadgentool_id", .text),
                opt("connected_users_ids", .textList),
            ],
            allowsUnknownFields: true),
        "PUT /api/v2/people/{person_id}": BodyRule(
            allowsForm: false,
            fields: [
                opt("phone", .text), opt("email", .text),
                opt("custom_fields", .rows([opt("type", .text), req("name", .text), req("value", .text)])),
            ]),
        "POST /api/v2/people/sms": BodyRule(
            allowsForm: false,
            fields: [
                req("data", .rows([req("name", .text), opt("email", .text), opt("phone", .text)])),
                req("connection_id", .text), req("leadgentool_id", .text), opt("tags", .textList),
            ]),
        "PUT /api/v2/people/{person_id}/add-comment": BodyRule(allowsForm: false, fields: [req("comment", .text)]),
        "PUT /api/v2/people/{person_id}/add-tag": tagBody(form: true),
        "PUT /api/v2/people/{person_id}/remove-tag": tagBody(form: true),
        "POST /api/v2/calls": BodyRule(
            // RU page "POST /calls": form-data, "all fields required", JSON example too.
            allowsForm: true,
            fields: [
                req("user_id", .text), req("from", .textOrNumber), req("to", .textOrNumber), req("date", .date),
                req("account_id", .text), req("record_link", .text),
                req("status", .oneOf(["TALKING", "SUCCESS", "NO_ANSWER", "CLOSED_BY_SYSTEM"])),
                req("duration", .textOrNumber), req("type", .oneOf(["INBOUND", "OUTBOUND"])),
            ]),
        // Chat-Tonic ("Content-Type: 'application/json'" on every page).
        "POST /api/v1/user/login": BodyRule(
            allowsForm: false, fields: [req("username", .text), req("password", .text)]),
        "POST /api/v1/{codename}/query": BodyRule(
            allowsForm: false,
            fields: [
                req("messageUser", .object), req("message", .object), opt("account", .object), opt("origin", .text),
                opt("extra", .object),
            ]),
        "PUT /api/v1/{codename}/query/take": BodyRule(allowsForm: false, fields: [opt("queryId", .text)]),
    ]
}
