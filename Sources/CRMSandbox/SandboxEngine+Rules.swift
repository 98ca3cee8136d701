/// The documented body rules applied before a handler runs (see `BodyRule`).
extension SandboxEngine {
    /// A `FORMAT_ERROR` (Chat-Tonic: a 400 message) when the body breaks its route's rule: a body
    /// that is not JSON where only JSON is documented, an unknown field, a missing required field or
    /// a value of the wrong type. nil when the body follows the rule or the route takes no body.
    static func checkBody(_ route: SandboxRoute, _ req: SandboxRequest, body: [UInt8], contentType: String?)
        -> SandboxReply?
    {
        guard let rule = BodyRule.of(route) else { return nil }
        let type = contentType?.lowercased() ?? ""
        let isJSON = type.contains("json")
        var problems: [(String, String)] = []
        if !body.isEmpty && !isJSON {
            let isForm = type.contains("x-www-form-urlencoded") || type.contains("multipart/form-data")
            if !(rule.allowsForm && isForm) { problems.append(("body", "JSON_REQUIRED")) }
        }
        if problems.isEmpty { problems = rule.violations(req.body, isForm: !isJSON && !body.isEmpty) }
        guard !problems.isEmpty else { return nil }
        if route.isChattonic {
            let list = problems.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            return .chattonicError(400, "Invalid body: \(list)")
        }
        return .leelooError(400, "FORMAT_ERROR", fields: problems)
    }
}
