import CRMCore
import Foundation

/// Read-back: did an attempt whose outcome is unknown reach the channel?
extension SendAction {
    /// The clock skew allowed between this machine and the server when comparing `createdAt`.
    public static let allowedClockSkew: TimeInterval = 2

    /// The request that lists the channel's newest messages (GET …/chat-messages?limit=20).
    public var readBackRequest: APIRequest {
        APIRequest(
            .leeloo, "GET", "/api/v2/communication-channels/\(CommonFlags.segment(channelID))/chat-messages",
            query: [("limit", "20"), ("offset", "0")])
    }

    /// Whether the channel's recent chat-messages hold this message created at or after `since`
    /// (less two seconds of clock skew): a `BOT_MESSAGE` of the same template (any bot message
    /// when the server does not report `template_id`), or a `YOUR_MESSAGE` with the same text.
    public func wasDelivered(since: Date, api: any APIService) async throws -> Bool {
        let body = try await api.send(readBackRequest)
        return matches(in: ResponseShape.dataItems.extract(body, args: Arguments()), since: since)
    }

    /// The matching rule of `wasDelivered`, on messages already fetched.
    public func matches(in messages: Value, since: Date) -> Bool {
        let cutoff = since.addingTimeInterval(-Self.allowedClockSkew)
        for message in messages.listValue ?? [] {
            let stamp = message[field: "createdAt"] ?? message[field: "created_at"]
            guard let text = stamp?.stringValue, let created = ISODate.parse(text), created >= cutoff else { continue }
            let type = message[field: "type"]?.stringValue ?? ""
            switch kind {
            case .template(let id, _):
                guard type == "BOT_MESSAGE" else { continue }
                if let tid = message[field: "template_id"] ?? message[field: "templateId"], !tid.isNull {
                    if tid.displayText == id { return true }
                } else {
                    return true
                }
            case .text(let sent):
                if type == "YOUR_MESSAGE", message[field: "text"]?.stringValue == sent { return true }
            }
        }
        return false
    }
}
