import CRMCore
import Testing

@testable import CRMBulk

/// The transitions of one target's write (issue 12: a typed state machine; idempotent writes retried).
@Suite("target machine")
struct TargetMachineTests {
    static let refused = CRMError("http.status", "POST /x failed: 404 Not Found: {}", exit: .api)

    /// Runs `events` through a machine from `start()`, returning every action.
    func actions(_ m: inout TargetMachine, _ events: [TargetMachine.Event]) -> [TargetMachine.Action] {
        var out = [m.start()]
        for e in events { out.append(m.handle(e)) }
        return out
    }

    func settlement(_ a: TargetMachine.Action?) -> TargetMachine.Settlement? {
        if case .settle(let s) = a { return s }
        return nil
    }

    @Test func aSuccessfulSendIsDoneAfterOneAttempt() {
        var m = TargetMachine(canReadBack: false, idempotent: false, maxAttempts: 6)
        let a = actions(&m, [.sent])
        #expect(a.first == .send(attempt: 1))
        #expect(settlement(a.last)?.state == .done)
        #expect(settlement(a.last)?.attempts == 1)
    }

    @Test func aRefusalFailsAtOnceAndKeepsItsCause() {
        var m = TargetMachine(canReadBack: true, idempotent: true, maxAttempts: 6)
        let s = settlement(actions(&m, [.failed(Self.refused)]).last)
        #expect(s?.state == .failed)
        #expect(s?.cause == Self.refused)
    }

    @Test func anAmbiguousFailureIsReadBackThenResentWhenAbsent() {
        var m = TargetMachine(canReadBack: true, idempotent: false, maxAttempts: 6)
        let a = actions(&m, [.ambiguous("502"), .readBack(.absent), .sent])
        #expect(a == [.send(attempt: 1), .readBack, .send(attempt: 2), a[3]])
        #expect(settlement(a[3])?.state == .done)
    }

    @Test func anAmbiguousFailureFoundByReadBackIsDoneAndConfirmed() {
        var m = TargetMachine(canReadBack: true, idempotent: false, maxAttempts: 6)
        let s = settlement(actions(&m, [.ambiguous("502"), .readBack(.delivered)]).last)
        #expect(s?.state == .done)
        #expect(s?.confirmed == true)
    }

    @Test func anUnreadableChannelLeavesTheTargetUnknown() {
        var m = TargetMachine(canReadBack: true, idempotent: true, maxAttempts: 6)
        let s = settlement(actions(&m, [.ambiguous("reset"), .readBack(.undecidable("unreadable"))]).last)
        #expect(s?.state == .unknown)
        #expect(s?.error?.contains("reset") == true)
    }

    @Test func anIdempotentWriteIsSimplySentAgainWithinMaxAttempts() {
        var m = TargetMachine(canReadBack: false, idempotent: true, maxAttempts: 3)
        let a = actions(&m, [.ambiguous("502"), .ambiguous("502"), .ambiguous("502")])
        #expect(Array(a.prefix(3)) == [.send(attempt: 1), .send(attempt: 2), .send(attempt: 3)])
        #expect(settlement(a.last)?.state == .failed)
        #expect(settlement(a.last)?.error == "gave up after 3 ambiguous attempts")
    }

    @Test func aWriteWithNeitherReadBackNorIdempotencyIsLeftUnknownNeverResent() {
        var m = TargetMachine(canReadBack: false, idempotent: false, maxAttempts: 6)
        let a = actions(&m, [.ambiguous("504")])
        #expect(a.count == 2)
        #expect(settlement(a.last)?.state == .unknown)
        #expect(settlement(a.last)?.attempts == 1)
    }

    @Test func aResumedInFlightTargetIsLookedForFirst() {
        var found = TargetMachine(canReadBack: true, idempotent: false, maxAttempts: 6, resumedInFlight: true)
        let a = actions(&found, [.readBack(.delivered)])
        #expect(a.first == .readBack)
        #expect(settlement(a.last)?.state == .done)
        #expect(settlement(a.last)?.attempts == 0)
        var absent = TargetMachine(canReadBack: true, idempotent: false, maxAttempts: 6, resumedInFlight: true)
        #expect(actions(&absent, [.readBack(.absent)]).last == .send(attempt: 1))
    }

    @Test func aResumedInFlightTargetWithoutReadBackIsResentOnlyWhenIdempotent() {
        var idem = TargetMachine(canReadBack: false, idempotent: true, maxAttempts: 6, resumedInFlight: true)
        #expect(idem.start() == .send(attempt: 1))
        var other = TargetMachine(canReadBack: false, idempotent: false, maxAttempts: 6, resumedInFlight: true)
        #expect(settlement(other.start())?.state == .unknown)
    }

    @Test func ctrlCLeavesAnInFlightTargetUnknown() {
        var m = TargetMachine(canReadBack: true, idempotent: true, maxAttempts: 6)
        #expect(settlement(actions(&m, [.abandoned]).last)?.state == .unknown)
    }

    @Test func aSettledTargetIgnoresLaterEvents() {
        var m = TargetMachine(canReadBack: false, idempotent: false, maxAttempts: 6)
        let first = actions(&m, [.sent]).last
        #expect(m.handle(.failed(Self.refused)) == first)
    }

    @Test func openAndResultStatusComeFromTheState() {
        #expect(TargetState.allCases.filter(\.isOpen) == [.pending, .inFlight, .unknown])
        #expect(TargetState.done.resultStatus == "sent")
        #expect(TargetState(rawValue: "in-flight") == .inFlight)
    }
}
