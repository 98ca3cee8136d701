import CRMCore

/// The states a target of a run moves through, as its journal's `state` lines name them.
public enum TargetState: String, Sendable, CaseIterable {
    /// Planned, not sent yet (or not taken before the run stopped).
    case pending
    /// Its write went out and no answer was settled yet (a run that dies leaves it so).
    case inFlight = "in-flight"
    /// Written (or confirmed by read-back).
    case done
    /// Refused by the server, or every attempt failed: resume sends it again.
    case failed
    /// Maybe written, maybe not, and nothing can tell: resume reconciles it by read-back first.
    case unknown
    /// Not sent on purpose (a duplicate, or one an earlier run sent).
    case skipped

    /// Not settled: never sent, in flight when the run died, or of unknown delivery. A run with
    /// open targets still holds them (`RunRecord.isUnfinished`).
    public var isOpen: Bool { self == .pending || self == .inFlight || self == .unknown }

    /// Whether the write may have been applied: done, or in flight / unknown (at most once).
    public var mayHaveApplied: Bool { self == .done || self == .inFlight || self == .unknown }

    /// The `status` of the target's result record (`sent` for a done write).
    public var resultStatus: String { self == .done ? "sent" : rawValue }
}

/// One target's write as a pure state machine, in the house style of the paging machines: ask
/// `start()`, do what the action says, report what happened with the matching event, repeat
/// until the action is `.settle`.
///
/// Neither vendor API takes an idempotency key. After an ambiguous failure (a 5xx, a reset or a
/// timeout after the request left: `http.ambiguous`) a write with a read-back is looked for
/// (found: done; absent: sent again); an idempotent one is simply sent again; any other is left
/// `unknown`, never resent. Each resend counts against `maxAttempts`.
struct TargetMachine: Sendable, Equatable {
    /// What the executor does next.
    enum Action: Sendable, Equatable {
        /// Send the write (journal it in flight first). `attempt` counts from 1; above 1 it is a retry.
        case send(attempt: Int)
        /// Read the target's channel back, from when the current attempt (or the resumed one) began.
        case readBack
        /// The target is settled, or left open as unknown: journal and report it.
        case settle(Settlement)
    }

    /// What happened to the last action.
    enum Event: Sendable, Equatable {
        /// The server answered success.
        case sent
        /// It may or may not have been applied (`http.ambiguous`).
        case ambiguous(String)
        /// It was refused or failed for good.
        case failed(CRMError)
        /// Ctrl-C abandoned it while in flight.
        case abandoned
        /// What the read-back says: delivered, absent (safe to send again), or undecidable.
        case readBack(ReadBackAnswer)
    }

    /// How a target ended.
    struct Settlement: Sendable, Equatable {
        var state: TargetState
        var attempts: Int
        var error: String?
        var note: String?
        /// The failure itself, for a target that failed for good (the early stop compares them).
        var cause: CRMError?
        /// Whether a read-back confirmed it.
        var confirmed: Bool { note?.hasPrefix("confirmed by read-back") ?? false }
    }

    let canReadBack: Bool
    let idempotent: Bool
    let maxAttempts: Int
    private let resumedInFlight: Bool
    /// Attempts made so far.
    private(set) var attempt = 0
    /// The message of the ambiguous failure being reconciled, if any.
    private var ambiguity: String?
    /// How it ended, once it has (later events change nothing).
    private(set) var settlement: Settlement?

    /// A target about to be run; `resumedInFlight` when an earlier run left it in flight or unknown.
    init(canReadBack: Bool, idempotent: Bool, maxAttempts: Int, resumedInFlight: Bool = false) {
        self.canReadBack = canReadBack
        self.idempotent = idempotent
        self.maxAttempts = max(1, maxAttempts)
        self.resumedInFlight = resumedInFlight
    }

    /// The first action: a target left in flight is looked for before it is sent again.
    mutating func start() -> Action {
        guard resumedInFlight else { return send() }
        if canReadBack { return .readBack }
        if idempotent { return send() }
        return settle(.unknown, error: "delivery unknown and nothing can read it back; not sent again")
    }

    /// The next action after `event`.
    mutating func handle(_ event: Event) -> Action {
        if let settlement { return .settle(settlement) }
        switch event {
        case .sent:
            return settle(.done)
        case .failed(let e):
            return settle(.failed, error: e.message, cause: e)
        case .abandoned:
            return settle(.unknown, error: "abandoned by Ctrl-C")
        case .ambiguous(let message):
            ambiguity = message
            if canReadBack { return .readBack }
            if idempotent { return resend() }
            return settle(.unknown, error: message)
        case .readBack(.delivered):
            let note = attempt == 0 ? "confirmed by read-back on resume" : "confirmed by read-back"
            return settle(.done, note: note)
        case .readBack(.absent):
            return attempt == 0 ? send() : resend()
        case .readBack(.undecidable(let why)):
            let error =
                ambiguity.map { "read-back undecided (\(why)) after: \($0)" } ?? "read-back undecided: \(why)"
            return settle(.unknown, error: error)
        }
    }

    private mutating func send() -> Action {
        attempt += 1
        return .send(attempt: attempt)
    }

    /// Sends again after an ambiguous attempt, while attempts are left.
    private mutating func resend() -> Action {
        guard attempt < maxAttempts else {
            return settle(.failed, error: "gave up after \(attempt) ambiguous attempts")
        }
        return send()
    }

    private mutating func settle(
        _ state: TargetState, error: String? = nil, note: String? = nil, cause: CRMError? = nil
    ) -> Action {
        let s = Settlement(state: state, attempts: attempt, error: error, note: note, cause: cause)
        settlement = s
        return .settle(s)
    }
}
