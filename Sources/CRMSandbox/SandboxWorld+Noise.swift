/// Realistic noise: a channel gets messages crm did not send, in the same seconds as a send — the
/// bot's auto-reply, the next step of a tunnel, the client answering. Read-back must tell them from
/// crm's own message by the documented fields alone.
extension SandboxWorld {
    /// What noise says: the message type and its text. Some tunnel steps look like templates on
    /// purpose (the same words, not the same text).
    static let noiseMessages: [(type: String, text: String)] = [
        ("BOT_MESSAGE", "Thanks for writing! A manager will answer soon."),
        ("BOT_MESSAGE", "Welcome aboard! Your first lesson is waiting."),
        ("BOT_MESSAGE", "Step 2 of the tunnel: watch the intro video."),
        ("BOT_MESSAGE", "The webinar starts in one hour. See you there!"),
        ("BOT_MESSAGE", ""),
        ("FRIEND_MESSAGE", "Ok, thanks"),
        ("FRIEND_MESSAGE", "Who is this?"),
        ("SYSTEM_MESSAGE", ""),
    ]

    /// Draws noise for one send attempt to `accountID` (whether or not the send will be applied):
    /// with probability `options.noise`, one message lands in the channel now. The draw depends on
    /// the seed, the channel and how many attempts that channel had, not on other channels' timing.
    /// True when a message was added.
    mutating func addNoise(accountID: String) -> Bool {
        guard options.noise > 0, let c = channelIndex(accountID) else { return false }
        let n = noiseDraws[c, default: 0]
        noiseDraws[c] = n + 1
        var rng = SplitMix64.derived(seed: options.seed, stream: 0x4015E, index: c &* 65_536 &+ n)
        guard rng.unit() < options.noise, let pick = rng.pick(Self.noiseMessages) else { return false }
        appendSent(channel: c, text: pick.text, type: pick.type, templateID: nil)
        return true
    }
}
