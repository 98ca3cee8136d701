import Foundation

/// Read-back, the one place its rule lives: which request lists a channel's newest messages, and
/// which of them proves that an ambiguous send reached the channel. Used by `send-template` /
/// `send-message` (`SendAction.wasDelivered`) and by the bulk runner, from live runs and journals.
extension ReadBack {
    /// The clock skew allowed between this machine and the server when comparing `createdAt`.
    public static let allowedClockSkew: TimeInterval = 2

    /// GET …/communication-channels/{id}/chat-messages?limit=20 (newest first).
    public var request: APIRequest {
        let id = PercentEncoding.segment(channelID)
        return APIRequest(
            .leeloo, "GET", "/api/v2/communication-channels/\(id)/chat-messages",
            query: [("limit", "20"), ("offset", "0")])
    }

    /// Whether `messages` (a list) holds this message created at or after `since`, less the allowed
    /// skew: a `BOT_MESSAGE` of the same template (any bot message when the server reports no
    /// `template_id`), or a `YOUR_MESSAGE` with the same text.
    public func matches(in messages: Value, since: Date) -> Bool {
        let cutoff = since.addingTimeInterval(-Self.allowedClockSkew)
        for message in messages.listValue ?? [] {
            let stamp = message[field: "createdAt"] ?? message[field: "created_at"]
            guard let text = stamp?.stringValue, let created = ISODate.parse(text), created >= cutoff,
                message[field: "type"]?.stringValue == messageType
            else { continue }
            if let templateID {
                guard let tid = message[field: "template_id"] ?? message[field: "templateId"], !tid.isNull else {
                    return true
                }
                if tid.displayText == templateID { return true }
            } else if let sent = self.text {
                if message[field: "text"]?.stringValue == sent { return true }
            } else {
                return true
            }
        }
        return false
    }
}
