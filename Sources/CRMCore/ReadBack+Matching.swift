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
    /// those whose `createdAt` cannot be read (neither inside nor outside); whether the page
    /// reached back past the cut-off (a full page of newer messages may hide older ones of the
    /// window); and whether the page is listed newest first at all (two readable times in
    /// ascending order say it is not, and then nothing on the page proves an absence).
    /// `since` is on the server's clock (see `APIService.serverTime`).
    public static func window(_ messages: Value, since: Date) -> Window {
        let cutoff = since.addingTimeInterval(-allowedClockSkew)
        let list = messages.listValue ?? []
        var w = Window()
        var reachedOlder = false
        var previous: Date?
        for message in list {
            guard let text = message[field: "createdAt"]?.stringValue, let created = ISODate.parse(text) else {
                w.unsure.append(message)
                continue
            }
            if let previous, created > previous { w.newestFirst = false }
            previous = created
            if created < cutoff { reachedOlder = true } else { w.inside.append(message) }
        }
        w.complete = w.newestFirst && (reachedOlder || list.count < pageSize)
        return w
    }

    /// One read-back page, split at the cut-off (see `window(_:since:)`).
    public struct Window: Sendable {
        public var inside: [Value] = []
        public var unsure: [Value] = []
        public var complete = false
        public var newestFirst = true
    }

    /// A text as the read-back compares it: line ends as `\n`, the HTML entities a server may
    /// escape (`&amp;` `&lt;` `&gt;` `&quot;` `&#39;`, and any `&#NNN;` / `&#xHH;`) unescaped, and
    /// leading and trailing white space trimmed. A server that stores a sent text trimmed,
    /// HTML-escaped or with CRLF line ends is still recognised; two texts that differ in more than
    /// that are different messages.
    public static func normalized(_ text: String) -> String {
        var s = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if s.contains("&") { s = unescapeEntities(s) }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "#39": "'", "nbsp": "\u{A0}",
    ]

    private static func unescapeEntities(_ s: String) -> String {
        var out = ""
        var rest = s[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            guard let semi = after.prefix(10).firstIndex(of: ";") else {
                out += "&"
                rest = after
                continue
            }
            let name = String(after[..<semi])
            if let named = entities[name] {
                out += named
            } else if name.hasPrefix("#"), let code = name.hasPrefix("#x") || name.hasPrefix("#X")
                ? UInt32(name.dropFirst(2), radix: 16) : UInt32(name.dropFirst()),
                let scalar = Unicode.Scalar(code)
            {
                out.unicodeScalars.append(scalar)
            } else {
                out += "&"
                rest = after
                continue
            }
            rest = after[after.index(after: semi)...]
        }
        return out + rest
    }

    /// Whether a listed message could be this send: its type, and (when a text is wanted) its
    /// text after `normalized`.
    func couldBe(_ m: Value, type: String, text wanted: String?) -> Bool {
        guard m[field: "type"]?.stringValue == type else { return false }
        guard let wanted else { return true }
        guard let text = m[field: "text"]?.stringValue else { return false }
        return Self.normalized(text) == Self.normalized(wanted)
    }

    /// What `messages` (newest first) prove about this send, attempted at `since`. `expectedText` is
    /// the template's rendering for this target when it is known (see `ReadBackLearner`).
    public func decide(in messages: Value, since: Date, expectedText: String? = nil) -> ReadBackAnswer {
        let w = Self.window(messages, since: since)
        let type = messageType
        let wanted = templateID == nil ? text : expectedText
        let couldBeThis = { (m: Value) in self.couldBe(m, type: type, text: wanted) }
        guard w.newestFirst else {
            return .undecidable("the chat history is not listed newest first, so one page proves no absence")
        }
        if wanted != nil, w.inside.contains(where: couldBeThis) { return .delivered }
        if w.unsure.contains(where: couldBeThis) { return .undecidable("a message without a readable createdAt") }
        guard w.complete else { return .undecidable("the window holds more messages than one read returns") }
        if wanted != nil || !w.inside.contains(where: couldBeThis) { return .absent }
        return .undecidable("a \(type) arrived in the window and this template's rendered text is not known")
    }
}

extension APIService {
    /// `local` on the server's clock, as far as its `Date` headers tell (`ServerClock`): a server
    /// whose clock is behind stamps this machine's `local` with an earlier time. When the readings
    /// show a skew, the earliest time they allow is taken, so the read-back window is never cut
    /// after the send's own stamp.
    public func serverTime(_ local: Date, _ api: API = .leeloo) -> Date {
        guard let clock = serverClock(api), clock.skew != 0 else { return local }
        return local.addingTimeInterval(min(clock.skew, clock.server - clock.received))
    }
}
