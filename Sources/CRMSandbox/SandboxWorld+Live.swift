/// Live mode (`crm sandbox --live RATE`): new people, chat messages and leads appear over time.
///
/// Event `k` (0, 1, 2, …) is due `k / RATE` seconds after the sandbox started (or was reset) and
/// is, by `k % 3`: a new person (with a channel), a chat message from a random existing channel
/// (`FRIEND_MESSAGE`), or a new lead of a random funnel group. Its content comes from the seed and
/// `k` alone, so the same seed gives the same events in the same order at any speed. Events are
/// applied lazily, before each request is answered, so nothing runs between requests.
/// `POST /_sandbox/tick?n=N` applies the next N events at once (tests drive time this way).
extension SandboxWorld {
    /// Applies live event number `k` at time `ms`.
    mutating func applyLiveEvent(_ k: Int, at ms: Int64) {
        var rng = SplitMix64.derived(seed: options.seed, stream: 0x11FE, index: k)
        switch k % 3 {
        case 0:
            let first = rng.pick(SandboxVocabulary.firstNames) ?? "Ana"
            let last = rng.pick(SandboxVocabulary.lastNames) ?? "Diaz"
            let phone = "+380" + String(500_000_000 + rng.below(499_999_999))
            let email = "\(first.lowercased()).\(last.lowercased()).live\(k)@example.com"
            let vip: UInt64 = rng.unit() < options.vipFraction ? 1 : 0
            let p = appendPerson(name: first + " " + last, email: email, phone: phone, tagMask: vip, messenger: 0)
            people[p].createdAt = ms
            people[p].updatedAt = ms
            people[p].lastMessageAt = ms
            markHasLastMessage(p)
        case 1:
            guard !channels.isEmpty else { return }
            let c = rng.below(channels.count)
            let text = rng.pick(SandboxVocabulary.seededTexts).flatMap { $0.isEmpty ? nil : $0 } ?? "Hi!"
            appendSent(channel: c, text: text, type: "FRIEND_MESSAGE", templateID: nil)
            if var m = sentMessages[c]?.popLast() {
                m.createdAt = ms
                sentMessages[c, default: []].append(m)
            }
            people[Int(channels[c].person)].lastMessageAt = ms
        default:
            guard !chattonic.funnels.isEmpty, !chattonic.messageUsers.isEmpty else { return }
            let f = rng.below(chattonic.funnels.count)
            let funnel = chattonic.funnels[f]
            chattonic.leads.append(
                ChattonicData.Lead(
                    funnel: f, group: rng.below(max(1, funnel.groups.count)), account: funnel.account,
                    messageUser: rng.below(chattonic.messageUsers.count),
                    last: rng.pick(funnel.interactions) ?? "START", createdAt: ms))
        }
    }
}
