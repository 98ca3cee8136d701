import Foundation

/// What the history of a channel says about one send whose outcome was ambiguous.
public enum ReadBackAnswer: Sendable, Equatable {
    /// A message that can only be this send is in the window.
    case delivered
    /// The whole window was seen and nothing in it can be this send: sending again is safe.
    case absent
    /// The history cannot decide (why): never resend blindly, report the target as unknown.
    case undecidable(String)
}

/// Read-back, the one place its rule lives: which request lists a channel's newest messages, and
/// what they prove about an ambiguous send. It reads only documented chat-message fields (`type`,
/// `text`, `createdAt`). Used by `send-template` / `send-message` and by the bulk runner.
///
/// The rule needs from the API: a delivered send is listed at once, newest first, with `createdAt`
/// from a clock within `allowedClockSkew` of this machine's; a sent text appears verbatim as a
/// `YOUR_MESSAGE`; a template appears as one `BOT_MESSAGE` whose text is the template rendered with
/// the person's variables, and nothing else posts that exact text to that channel in the window.
extension ReadBack {
    /// The clock skew allowed between this machine and the server when comparing `createdAt`.
    public static let allowedClockSkew: TimeInterval = 2
    /// How many messages one read-back fetches.
    public static let pageSize = 20

    /// GET …/communication-channels/{id}/chat-messages?limit=20 (newest first).
    public var request: APIRequest {
        let id = PercentEncoding.segment(channelID)
        return APIRequest(
            .leeloo, "GET", "/api/v2/communication-channels/\(id)/chat-messages",
            query: [("limit", String(Self.pageSize)), ("offset", "0")])
    }

    /// The messages of `messages` (a list, newest first) created at or after `since` less the skew;
    /// those whose `createdAt` cannot be read (neither inside nor outside); and whether the page
    /// reached back past the cut-off (a full page of newer messages may hide older ones of the window).
    public static func window(_ messages: Value, since: Date) -> (inside: [Value], unsure: [Value], complete: Bool) {
        let cutoff = since.addingTimeInterval(-allowedClockSkew)
        let list = messages.listValue ?? []
        var inside: [Value] = []
        var unsure: [Value] = []
        var reachedOlder = false
        for message in list {
            guard let text = message[field: "createdAt"]?.stringValue, let created = ISODate.parse(text) else {
                unsure.append(message)
                continue
            }
            if created < cutoff { reachedOlder = true } else { inside.append(message) }
        }
        return (inside, unsure, reachedOlder || list.count < pageSize)
    }

    /// What `messages` (newest first) prove about this send, attempted at `since`. `expectedText` is
    /// the template's rendering for this target when it is known (see `ReadBackLearner`).
    public func decide(in messages: Value, since: Date, expectedText: String? = nil) -> ReadBackAnswer {
        let (inside, unsure, complete) = Self.window(messages, since: since)
        let type = messageType
        let wanted = templateID == nil ? text : expectedText
        func couldBeThis(_ m: Value) -> Bool {
            m[field: "type"]?.stringValue == type && (wanted == nil || m[field: "text"]?.stringValue == wanted)
        }
        if wanted != nil, inside.contains(where: couldBeThis) { return .delivered }
        if unsure.contains(where: couldBeThis) { return .undecidable("a message without a readable createdAt") }
        guard complete else { return .undecidable("the window holds more messages than one read returns") }
        if wanted != nil || !inside.contains(where: couldBeThis) { return .absent }
        return .undecidable("a \(type) arrived in the window and this template's rendered text is not known")
    }
}
