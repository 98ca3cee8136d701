/// The documented request bodies, one rule per write route: which fields exist, which are
/// required, what type each holds and how the body may be encoded. The engine checks a body
/// against its rule before the handler runs; anything else is a `FORMAT_ERROR` naming every bad
/// field (`{"status":0,"error":{"fields":{"name":"REQUIRED"},"code":"FORMAT_ERROR"}}`, the one error
/// shape a third party observed). `docs/sandbox.md` lists the rules with the page each comes from.
struct BodyRule: Sendable {
    /// What a documented field holds.
    indirect enum Kind: Sendable {
        /// A JSON string.
        case text
        /// A JSON string or number (the page shows both).
        case textOrNumber
        /// A number, as a string holding one (the page's `price: '100'`) or a JSON number (issue 21
        /// reports clients sending one and the live API taking it).
        case numericText
        /// `true`/`false`, as a JSON boolean or the strings "true"/"false" (the example sends "false").
        case flag
        /// A date and time in any form a page or a public client uses (`SandboxDates`).
        case date
        /// One of these strings.
        case oneOf([String])
        /// A JSON object with any keys whose values are text.
        case textMap
        /// A JSON object with any content.
        case object
        /// A list of strings.
        case textList
        /// A list of objects, each checked against these fields.
        case rows([Field])
    }

    /// One documented body field.
    struct Field: Sendable {
        let name: String
        let kind: Kind
        let required: Bool
    }

    /// JSON only, or also the form encodings (`application/x-www-form-urlencoded`, `multipart/form-data`).
    let allowsForm: Bool
    let fields: [Field]
    /// Fields the rule does not list are accepted and ignored instead of refused, where the live API
    /// is reported to take them (`POST /people` with `tags`, `metadata`, …; issue 21).
    var allowsUnknownFields = false

    static func req(_ name: String, _ kind: Kind) -> Field { Field(name: name, kind: kind, required: true) }
    static func opt(_ name: String, _ kind: Kind) -> Field { Field(name: name, kind: kind, required: false) }

    /// The field errors of `body` (empty when it follows the rule); `isForm` when it came as a form,
    /// so every value is text.
    func violations(_ body: JSONNode, isForm: Bool) -> [(String, String)] {
        guard case .object(let pairs) = body else { return [("body", "INVALID")] }
        return Self.check(pairs, fields, isForm: isForm, prefix: "", allowsUnknown: allowsUnknownFields)
    }

    private static func check(
        _ pairs: [(String, JSONNode)], _ fields: [Field], isForm: Bool, prefix: String, allowsUnknown: Bool = false
    ) -> [(String, String)] {
        var out: [(String, String)] = []
        for (key, _) in pairs where !allowsUnknown && !fields.contains(where: { $0.name == key }) {
            out.append((prefix + key, "UNKNOWN_FIELD"))
        }
        for field in fields {
            let value = pairs.first { $0.0 == field.name }?.1
            guard let value, value != .null, value.stringValue != "" || !field.required else {
                if field.required { out.append((prefix + field.name, "REQUIRED")) }
                continue
            }
            out += check(value, field.kind, isForm: isForm, name: prefix + field.name)
        }
        return out
    }

    private static func check(_ value: JSONNode, _ kind: Kind, isForm: Bool, name: String) -> [(String, String)] {
        let ok: Bool
        let text: String? = if case .string(let s) = value { s } else { nil }
        switch kind {
        case .text: ok = text != nil
        case .textOrNumber:
            if case .int = value { ok = true } else if case .double = value { ok = true } else { ok = text != nil }
        case .numericText:
            if case .int = value { ok = true } else if case .double = value { ok = true } else {
                ok = text.map { Double($0) != nil } ?? false
            }
        case .flag:
            if case .bool = value { ok = !isForm } else { ok = text == "true" || text == "false" }
        case .date: ok = text.map { SandboxDates.parseBodyDate($0) != nil } ?? false
        case .oneOf(let allowed): ok = text.map(allowed.contains) ?? false
        case .textMap:
            guard case .object(let pairs) = value else { return [(name, "INVALID_TYPE")] }
            let bad = pairs.filter { if case .string = $0.1 { false } else { true } }
            return bad.map { (name + "." + $0.0, "INVALID_TYPE") }
        case .object:
            if case .object = value { ok = true } else { ok = false }
        case .textList:
            guard case .array(let items) = value else { return [(name, "INVALID_TYPE")] }
            ok = items.allSatisfy { if case .string = $0 { true } else { false } }
        case .rows(let fields):
            guard case .array(let items) = value else { return [(name, "INVALID_TYPE")] }
            var out: [(String, String)] = []
            for (i, item) in items.enumerated() {
                guard case .object(let pairs) = item else {
                    out.append(("\(name)[\(i)]", "INVALID_TYPE"))
                    continue
                }
                out += check(pairs, fields, isForm: isForm, prefix: "\(name)[\(i)].")
            }
            return out
        }
        if ok { return [] }
        switch kind {
        case .date, .oneOf, .numericText: return [(name, text == nil ? "INVALID_TYPE" : "INVALID")]
        default: return [(name, "INVALID_TYPE")]
        }
    }
}
