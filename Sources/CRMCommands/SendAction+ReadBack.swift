import CRMCore
import Foundation

/// Read-back: did an attempt whose outcome is unknown reach the channel?
extension SendAction {
    /// The clock skew allowed between this machine and the server when comparing `createdAt`.
    public static let allowedClockSkew: TimeInterval = ReadBack.allowedClockSkew

    /// What proves this send happened (the rule itself lives on `ReadBack`).
    public var readBack: ReadBack {
        switch kind {
        case .template(let id, _): ReadBack(channelID: channelID, messageType: "BOT_MESSAGE", templateID: id)
        case .text(let text): ReadBack(channelID: channelID, messageType: "YOUR_MESSAGE", text: text)
        }
    }

    /// The request that lists the channel's newest messages (GET …/chat-messages?limit=20).
    public var readBackRequest: APIRequest { readBack.request }

    /// Whether the channel's recent chat-messages hold this message created at or after `since`
    /// (see `ReadBack.matches`).
    public func wasDelivered(since: Date, api: any APIService) async throws -> Bool {
        let body = try await api.send(readBackRequest)
        return matches(in: ResponseShape.dataItems.extract(body, args: Arguments()), since: since)
    }

    /// The matching rule of `wasDelivered`, on messages already fetched.
    public func matches(in messages: Value, since: Date) -> Bool { readBack.matches(in: messages, since: since) }
}
