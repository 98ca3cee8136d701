import CRMCore

/// One message to send to one communication channel: the unit the bulk layer schedules, journals,
/// retries and reads back.
///
/// `resolve` turns a pipeline item and the bound `send-template`/`send-message` arguments into
/// actions; `request(v1:)` builds the HTTP call; `wasDelivered` (in `SendAction+ReadBack`) answers
/// whether an ambiguous attempt already reached the channel.
public struct SendAction: Sendable, Equatable {
    /// What is sent.
    public enum Kind: Sendable, Equatable {
        /// A message template, with optional `variables` (Leeloo v2 only).
        case template(id: String, variables: Record?)
        /// A plain text message.
        case text(String)
    }

    /// The communication channel (`account_id`) the message goes to.
    public let channelID: String
    /// What is sent.
    public let kind: Kind
    /// A human label for progress and `--dry-run` lines: the person's or channel's name, or "".
    public let label: String

    /// An action from its parts.
    public init(channelID: String, kind: Kind, label: String) {
        self.channelID = channelID
        self.kind = kind
        self.label = label
    }

    /// The actions for one pipeline item (or `null` when there is none) under the bound arguments.
    ///
    /// The target is `--to ID` when given; else the input: a person record (its
    /// `accounts[].account_id`, the first one or the one whose `from` matches `--via`), a channel
    /// record (`id` beside a `person_id`, or an `account_id`), a string id, or a list of those
    /// (one action each). The template comes from the `template` parameter with `--var k=v`…
    /// and `--variables {record}`; the text from the `text` parameter.
    public static func resolve(input: Value, args: Arguments) throws -> [SendAction] {
        let kind = try kind(from: args)
        let command = if case .template = kind { "send-template" } else { "send-message" }
        if let to = args.string("to"), !to.isEmpty {
            return [SendAction(channelID: to, kind: kind, label: "")]
        }
        let via = args.string("via")?.uppercased()
        switch input {
        case .null:
            throw CRMError.usage(
                "missing-target", "\(command) needs a target: pipe a person or channel in, or pass --to ID.")
        case .list(let items):
            return try items.flatMap { try resolve(item: $0, kind: kind, via: via, command: command) }
        default:
            return try resolve(item: input, kind: kind, via: via, command: command)
        }
    }

    static func kind(from args: Arguments) throws -> Kind {
        if let text = args.string("text") { return .text(text) }
        let given = args.value("template")
        guard let id = (given?[field: "id"] ?? given).map(\.displayText), !id.isEmpty else {
            throw CRMError.usage("missing-argument", "send-template needs a template id.")
        }
        var variables = try args.keyValues("var")
        if let extra = args.value("variables"), !extra.isNull {
            guard let record = extra.recordValue else {
                throw CRMError.usage("bad-value", "Expected a record for --variables, got '\(extra.displayText)'.")
            }
            var merged = record
            for (k, v) in variables ?? Record() { merged[k] = v }
            variables = merged
        }
        return .template(id: id, variables: variables)
    }

    static func resolve(item: Value, kind: Kind, via: String?, command: String) throws -> [SendAction] {
        switch item {
        case .string(let s) where !s.isEmpty:
            return [
                SendAction(channelID: try PipedID.check(s, as: "a channel", command: command), kind: kind, label: "")
            ]
        case .int(let i):
            return [SendAction(channelID: String(i), kind: kind, label: "")]
        case .record(let r):
            let label = r["name"]?.stringValue ?? ""
            if let accounts = r["accounts"]?.listValue {
                let usable = accounts.filter { $0[field: "account_id"].map { !$0.displayText.isEmpty } ?? false }
                let pick =
                    via.map { v in usable.first { ($0[field: "from"]?.displayText.uppercased() ?? "") == v } }
                    ?? usable.first
                guard let account = pick, let id = account[field: "account_id"]?.displayText else {
                    let who = label.isEmpty ? (r["id"]?.displayText ?? "?") : label
                    let what = via.map { "no \($0) account" } ?? "no accounts"
                    throw CRMError(
                        "send.no-account", "\(command) cannot reach '\(who)': the person has \(what).", exit: .runtime)
                }
                return [SendAction(channelID: id, kind: kind, label: label)]
            }
            if let id = r["account_id"]?.displayText ?? r["id"]?.displayText, !id.isEmpty {
                if let via, let from = r["from"]?.stringValue, from.uppercased() != via {
                    throw CRMError(
                        "send.no-account",
                        "\(command) cannot reach channel '\(id)' via \(via): it is a \(from) channel.",
                        exit: .runtime)
                }
                return [SendAction(channelID: id, kind: kind, label: label)]
            }
            throw CRMError(
                "send.bad-target", "\(command) got a record with neither 'accounts' nor 'id'.", exit: .runtime)
        case .list(let items):
            return try items.flatMap { try resolve(item: $0, kind: kind, via: via, command: command) }
        default:
            throw CRMError(
                "send.bad-target", "\(command) expects people, channels or ids, got a \(item.typeName).",
                exit: .runtime)
        }
    }

    /// The HTTP call: `POST /api/v{1,2}/messages/send-template|send-message`.
    public func request(v1: Bool) -> APIRequest {
        let base = v1 ? "/api/v1/messages" : "/api/v2/messages"
        switch kind {
        case .template(let id, let variables):
            var body = Record([("account_id", .string(channelID)), ("template_id", .string(id))])
            // The page's `variables` map text to text ("key1": "value1").
            if !v1, let variables, !variables.isEmpty {
                body["variables"] = .record(Record(variables.map { ($0.key, .string($0.value.displayText)) }))
            }
            return APIRequest(.leeloo, "POST", base + "/send-template", body: .json(.record(body)))
        case .text(let text):
            return APIRequest(
                .leeloo, "POST", base + "/send-message",
                body: .json(["account_id": .string(channelID), "text": .string(text)]))
        }
    }

    /// The record a successful send yields: `{target, template|text, status}`.
    public func result(status: String) -> Value {
        var r = Record([("target", .string(channelID))])
        switch kind {
        case .template(let id, _): r["template"] = .string(id)
        case .text(let t): r["text"] = .string(t)
        }
        r["status"] = .string(status)
        return .record(r)
    }
}
