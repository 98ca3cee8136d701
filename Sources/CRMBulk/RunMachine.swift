import CRMCore

/// How a run stands, as its journal says: the `state` of its `end` line, `died` without one.
public enum RunState: String, Sendable, CaseIterable {
    /// No `end` line: the process died (or is still sending, see `RunLock.holder`).
    case died
    /// Every target it listed was run.
    case complete
    /// Ctrl-C (or SIGTERM) stopped it; `crm resume` continues.
    case interrupted
    /// Listing the targets failed part-way; the listed ones can be resumed.
    case planFailed = "plan-failed"
    /// Its first attempts all failed alike, so it stopped instead of sending on (`RunMachine`).
    case stopped
    /// `runs abandon` gave it up.
    case abandoned
}

/// The run-wide side of a run as a pure state machine: the early stop while the run is young,
/// and how it ends.
///
/// Early stop: until a target succeeds (or fails differently), at most `probeSize` targets are
/// started; when those `probeSize` all fail with the same 4xx (a bad template id, a rejected
/// token) the run stops, leaving the rest pending for `crm resume` once the cause is fixed,
/// instead of sending hundreds of requests that fail the same way.
struct RunMachine: Sendable {
    /// Attempts that must all fail alike before the run stops.
    static let probeSize = 10

    /// Whether a worker may start another target.
    enum Admission: Sendable, Equatable {
        case go
        /// The probe is full: wait for its results.
        case wait
        /// The run stopped: take nothing more.
        case stop
    }

    /// What settling a target means for the run.
    enum Action: Sendable, Equatable {
        case goOn
        /// The run proved itself: let waiting workers in.
        case release
        /// The probe failed alike throughout: stop with this error.
        case stop(CRMError)
    }

    /// How the run ends, in order of precedence (see `ending`).
    enum Ending: Sendable, Equatable {
        case planFailed(CRMError)
        case stopped(CRMError)
        case interrupted
        case partial(failures: Int)
        case complete

        /// The state its `end` line records.
        var state: RunState {
            switch self {
            case .planFailed: .planFailed
            case .stopped: .stopped
            case .interrupted: .interrupted
            case .partial, .complete: .complete
            }
        }
    }

    private(set) var started = 0
    private(set) var probing = true
    /// The probe's failures so far, all alike, and their shared signature.
    private var alike = 0
    private var signature: String?
    /// The error that stopped the run.
    private(set) var stoppedBy: CRMError?

    /// Asks to start one more target.
    mutating func admit() -> Admission {
        if stoppedBy != nil { return .stop }
        if probing && started >= Self.probeSize { return .wait }
        started += 1
        return .go
    }

    /// Reports a settled target.
    mutating func settled(_ s: TargetMachine.Settlement) -> Action {
        guard probing else { return .goOn }
        guard let cause = s.cause, let sig = Self.signature(of: cause), signature == nil || signature == sig else {
            probing = false
            return .release
        }
        signature = sig
        alike += 1
        guard alike >= Self.probeSize else { return .goOn }
        probing = false
        stoppedBy = cause
        return .stop(cause)
    }

    /// What makes two failures alike: a 4xx (or a rejected token) with the same status and body,
    /// whatever the target (the request line differs per target). Nil for any other failure.
    static func signature(of e: CRMError) -> String? {
        guard e.code == "http.status" || e.code == "auth.rejected",
            let r = e.message.range(of: " failed: ")
        else { return nil }
        let rest = e.message[r.upperBound...]
        guard e.code == "auth.rejected" || rest.hasPrefix("4") else { return nil }
        return e.code + " " + rest
    }

    /// How the run ends: a failed listing, then an early stop, then Ctrl-C, then failures.
    func ending(interrupted: Bool, plan: PlanFeed.End, failures: Int) -> Ending {
        if case .failed(let e) = plan { return .planFailed(e) }
        if let stoppedBy { return .stopped(stoppedBy) }
        if interrupted { return .interrupted }
        return failures > 0 ? .partial(failures: failures) : .complete
    }
}
