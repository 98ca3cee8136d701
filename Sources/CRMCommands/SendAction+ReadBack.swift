import CRMCore
import Foundation

/// Read-back: did an attempt whose outcome is unknown reach the channel?
extension SendAction {
    /// What proves this send happened (the rule itself lives on `ReadBack`).
    public var readBack: ReadBack {
        switch kind {
        case .template(let id, let variables):
            ReadBack(channelID: channelID, messageType: "BOT_MESSAGE", templateID: id, variables: values(variables))
        case .text(let text): ReadBack(channelID: channelID, messageType: "YOUR_MESSAGE", text: text)
        }
    }

    /// What the template is rendered with, as far as crm knows: the send's text variables, and the
    /// person's name (the target's label) unless a variable sets `name`.
    func values(_ variables: Record?) -> [String: String] {
        var out: [String: String] = [:]
        for (key, value) in variables ?? Record() { out[key] = value.displayText }
        if out["name"] == nil, !label.isEmpty { out["name"] = label }
        return out
    }

    /// The request that lists the channel's newest messages (GET …/chat-messages?limit=20).
    public var readBackRequest: APIRequest { readBack.request }

    /// What the channel's recent chat-messages say about this message, attempted at `since`
    /// (see `ReadBack.decide`; a template's rendering is not known outside a run, so a bot message in
    /// the window leaves it undecidable).
    public func wasDelivered(since: Date, api: any APIService) async throws -> ReadBackAnswer {
        let body = try await api.send(readBackRequest)
        return readBack.decide(in: ResponseShape.dataItems.extract(body, args: Arguments()), since: since)
    }
}
