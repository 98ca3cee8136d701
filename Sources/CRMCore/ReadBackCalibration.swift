import Foundation

/// Checks, on a run's own known deliveries, the premises the read-back rests on, before the run
/// trusts "absent" for any ambiguous target; and measures how long a delivery takes to be listed.
///
/// No vendor page says how a write shows up when it is read back. The read-back assumes:
/// - a send is listed in its channel's chat history within `bound` seconds of its 2xx answer
///   (the lag is measured, and an ambiguous target is read back only once that lag, with a
///   margin, has passed since its attempt);
/// - the history lists newest first;
/// - an API text send is listed as a `YOUR_MESSAGE` holding its text (after
///   `ReadBack.normalized`), an API template send as a `BOT_MESSAGE`;
/// - a created order is listed in its buyer's `included.orders`, every order there with an
///   `updatedAt`.
///
/// A known delivery is a write the server answered 2xx. Before an ambiguous target's "absent" is
/// trusted, a known delivery of the same kind must show all of that through the very read the
/// read-back makes. When none does, no ambiguous target of that kind is resent: each is left
/// `unknown`, and the run names the premise and what it saw (`failure`). A "delivered" answer
/// needs no calibration: finding the message never sends anything twice.
///
/// Costs no request until a write is ambiguous: deliveries are only noted. The first ambiguous
/// "absent" of a kind calibrates that kind once per run; concurrent ones wait for its verdict.
public final class ReadBackCalibration: @unchecked Sendable {  // SAFE: every mutable field is guarded by `lock`.
    /// What is calibrated: channel messages (sends) or created orders.
    public enum Kind: String, Sendable {
        case messages
        case orders
    }

    /// What a calibration concluded.
    public enum Verdict: Sendable, Equatable {
        /// Every premise held on a known delivery, listed within `lag` seconds of its answer.
        case holds(lag: TimeInterval)
        /// `premise` did not hold; `seen` says what the read showed instead.
        case failed(premise: String, seen: String)
    }

    /// A write the server answered 2xx, with what reads it back.
    public struct Delivery: Sendable {
        public var readBack: ReadBack?
        public var create: CreateReadBack?
        /// When its attempt began, on the server's clock (`APIService.serverTime`).
        public var sentAt: Date
        /// When the 2xx arrived, on this machine's clock.
        public var answeredAt: Date

        public init(readBack: ReadBack?, create: CreateReadBack?, sentAt: Date, answeredAt: Date) {
            self.readBack = readBack
            self.create = create
            self.sentAt = sentAt
            self.answeredAt = answeredAt
        }

        var kind: Kind? { create != nil ? .orders : readBack != nil ? .messages : nil }
    }

    /// The longest a known delivery may take to be listed (seconds). Past it, the premise
    /// "listed at once" fails.
    public static let bound: TimeInterval = 10
    /// How long an ambiguous target waits for the run's first known delivery (seconds).
    public static let evidenceWait: TimeInterval = 5
    /// Known deliveries kept per kind (the most recent), and tried per calibration.
    static let kept = 8
    static let tried = 3
    /// Between two reads of a known delivery not listed yet.
    static let pollInterval: Duration = .milliseconds(200)

    /// How long after an ambiguous attempt ended its read-back may trust an absence, once a lag
    /// was observed: one and a half times the lag, plus a quarter second.
    public static func settleDelay(lag: TimeInterval) -> TimeInterval { lag * 1.5 + 0.25 }

    private let lock = NSLock()
    private var deliveries: [Kind: [Delivery]] = [:]
    private var verdicts: [Kind: Verdict] = [:]
    private var running: [Kind: Task<Verdict?, Never>] = [:]

    /// A calibration with no deliveries noted.
    public init() {}

    /// Notes a write answered 2xx (no request).
    public func note(_ delivery: Delivery) {
        guard let kind = delivery.kind else { return }
        lock.withLock {
            var list = deliveries[kind, default: []]
            list.append(delivery)
            if list.count > Self.kept { list.removeFirst(list.count - Self.kept) }
            deliveries[kind] = list
        }
    }

    /// The verdict already reached for `kind`, if any (no request).
    public func cached(_ kind: Kind) -> Verdict? { lock.withLock { verdicts[kind] } }

    /// The first premise that failed, over both kinds, as one line for the run's summary.
    public var failure: String? {
        lock.withLock {
            for kind in [Kind.messages, .orders] {
                if case .failed(let premise, let seen) = verdicts[kind] { return "\(premise): \(seen)" }
            }
            return nil
        }
    }

    /// The verdict for `kind`, calibrating it now if no verdict was reached yet (one calibration
    /// at a time per kind; the others wait for it). Nil when the run has no known delivery of
    /// that kind within `evidenceWait`: nothing proves the premises, so no absence is trusted.
    /// `expectedText` gives a template's rendering once the run has learned it.
    public func verdict(
        _ kind: Kind, expectedText: @escaping @Sendable (ReadBack) -> String?,
        fetch: @escaping @Sendable (APIRequest) async throws -> Value, serverTime: @escaping @Sendable (Date) -> Date
    ) async -> Verdict? {
        var waited: TimeInterval = 0
        while true {
            let (cached, task, hasEvidence) = lock.withLock { () -> (Verdict?, Task<Verdict?, Never>?, Bool) in
                (verdicts[kind], running[kind], !(deliveries[kind] ?? []).isEmpty)
            }
            if let cached { return cached }
            if let task {
                if let v = await task.value { return v }
                return nil
            }
            if hasEvidence { break }
            guard waited < Self.evidenceWait, !Task.isCancelled else { return nil }
            try? await Task.sleep(for: .milliseconds(100))
            waited += 0.1
        }
        let task: Task<Verdict?, Never> = lock.withLock {
            if let running = running[kind] { return running }
            let picked = Array((deliveries[kind] ?? []).suffix(Self.tried).reversed())
            let t = Task { () -> Verdict? in
                await Self.calibrate(kind, picked, expectedText: expectedText, fetch: fetch, serverTime: serverTime)
            }
            running[kind] = t
            return t
        }
        let v = await task.value
        lock.withLock {
            if let v { verdicts[kind] = v }
            running[kind] = nil
        }
        return v
    }

    /// Reads the deliveries back, most recent first, until one shows every premise (or one shows
    /// a premise broken, which ends it at once).
    /// `byTypeAlone`: a template send is found by its type without its rendering (`doctor
    /// --probe`, on a channel the user chose, where nothing else posts).
    public static func calibrate(
        _ kind: Kind, _ picked: [Delivery], expectedText: @Sendable (ReadBack) -> String?,
        fetch: @Sendable (APIRequest) async throws -> Value, serverTime: @Sendable (Date) -> Date,
        byTypeAlone: Bool = false
    ) async -> Verdict? {
        var lastSeen = "nothing could be read"
        var unrecognisable = 0
        for delivery in picked {
            while true {
                let probe: Probe
                if let create = delivery.create {
                    probe = await probeOrder(create, delivery, fetch: fetch)
                } else if let rb = delivery.readBack {
                    let expected = expectedText(rb)
                    // A template is recognised only by its rendering for this person: without it
                    // any bot message (an auto-reply) would pass for the send.
                    if rb.templateID != nil, expected == nil, !byTypeAlone {
                        unrecognisable += 1
                        break
                    }
                    probe = await probeMessage(rb, delivery, expected: expected, fetch: fetch)
                } else {
                    break
                }
                let age = Date().timeIntervalSince(delivery.answeredAt)
                switch probe {
                case .found: return .holds(lag: min(max(0, age), bound))
                case .broken(let premise, let seen): return .failed(premise: premise, seen: seen)
                case .notYet(let seen): lastSeen = seen
                case .unreadable(let seen):
                    lastSeen = seen
                    if Task.isCancelled { return nil }
                }
                if case .unreadable = probe { break }
                if age > bound || Task.isCancelled { break }
                try? await Task.sleep(for: pollInterval)
            }
        }
        if Task.isCancelled { return nil }
        if unrecognisable == picked.count, !picked.isEmpty {
            return .failed(
                premise: "a template send is listed as one BOT_MESSAGE holding the template rendered with the person's name",
                seen: "no rendering could be learned from this run's deliveries (targets given without a name, a "
                    + "template that does not use the name, or sends listed as another type cannot be recognised)")
        }
        let what = kind == .orders ? "a created order" : "a send"
        let whereListed = kind == .orders ? "its buyer's included.orders" : "its channel's chat history"
        return .failed(
            premise: "\(what) is listed in \(whereListed) within \(Int(bound)) s of its 2xx answer",
            seen: "\(picked.count == 1 ? "a write" : "\(picked.count) writes") this run knows it made "
                + "\(picked.count == 1 ? "was" : "were") not found (\(lastSeen))")
    }

    enum Probe {
        case found
        case notYet(String)
        case unreadable(String)
        case broken(premise: String, seen: String)
    }

    /// One read of a known send's channel.
    static func probeMessage(
        _ rb: ReadBack, _ d: Delivery, expected: String?, fetch: @Sendable (APIRequest) async throws -> Value
    ) async -> Probe {
        guard let page = (try? await fetch(rb.request))?[field: "data"], page.listValue != nil else {
            return .unreadable("its channel could not be read")
        }
        let w = ReadBack.window(page, since: d.sentAt)
        guard w.newestFirst else {
            return .broken(
                premise: "the chat history lists newest first",
                seen: "channel \(rb.channelID) listed its messages oldest first")
        }
        let text = rb.templateID == nil ? rb.text : expected
        if w.inside.contains(where: { rb.couldBe($0, type: rb.messageType, text: text) }) { return .found }
        let what = rb.templateID == nil ? "text" : "template"
        if let text, let other = w.inside.first(where: {
            $0[field: "text"]?.stringValue.map(ReadBack.normalized) == ReadBack.normalized(text)
        }) {
            return .broken(
                premise: "an API \(what) send is listed as a \(rb.messageType)",
                seen: "it was listed as a \(other[field: "type"]?.stringValue ?? "message without a type")")
        }
        let types = w.inside.compactMap { $0[field: "type"]?.stringValue }
        let seen =
            types.isEmpty
            ? "no message since the send in channel \(rb.channelID)"
            : "channel \(rb.channelID) held \(Set(types).sorted().joined(separator: ", ")) since the send, "
                + "no \(rb.messageType)\(text == nil ? "" : " with the sent text")"
        return .notYet(seen)
    }

    /// One read of a known create's owner.
    static func probeOrder(
        _ create: CreateReadBack, _ d: Delivery, fetch: @Sendable (APIRequest) async throws -> Value
    ) async -> Probe {
        guard let body = try? await fetch(create.request), body[field: "data"]?.recordValue != nil else {
            return .unreadable("the buyer could not be read")
        }
        let orders = body[field: "included"]?[field: "orders"]?.listValue ?? []
        if orders.contains(where: { $0[field: "updatedAt"]?.stringValue.flatMap(ISODate.parse) == nil }) {
            return .broken(
                premise: "every order in a buyer's included.orders has an updatedAt",
                seen: "buyer \(create.ownerID) has an order without a readable updatedAt")
        }
        let cutoff = d.sentAt.addingTimeInterval(-ReadBack.allowedClockSkew)
        let changed = orders.filter { ($0[field: "updatedAt"]?.stringValue.flatMap(ISODate.parse) ?? .distantPast) >= cutoff }
        if !changed.isEmpty { return .found }
        let n = orders.count
        return .notYet("buyer \(create.ownerID) listed \(n) order\(n == 1 ? "" : "s"), none changed since the create")
    }
}
