import CRMCore
import Testing

@testable import CRMBulk

/// The run-wide transitions: the early stop and how a run ends (issue 12).
@Suite("run machine")
struct RunMachineTests {
    static func failure(_ status: String, path: String = "/x") -> TargetMachine.Settlement {
        let e = CRMError("http.status", "POST \(path) failed: \(status): {\"status\":0}", exit: .api)
        return .init(state: .failed, attempts: 1, error: e.message, cause: e)
    }
    static let done = TargetMachine.Settlement(state: .done, attempts: 1)

    @Test func atMostTenTargetsStartBeforeTheRunProvesItself() {
        var m = RunMachine()
        for _ in 0..<RunMachine.probeSize { #expect(m.admit() == .go) }
        #expect(m.admit() == .wait)
        #expect(m.settled(Self.done) == .release)
        #expect(m.admit() == .go)
    }

    @Test func tenAlike4xxFailuresStopTheRun() {
        var m = RunMachine()
        var actions: [RunMachine.Action] = []
        // The request line differs per target; the status and body are what make failures alike.
        for i in 0..<RunMachine.probeSize {
            _ = m.admit()
            actions.append(m.settled(Self.failure("404 Not Found", path: "/people/\(i)")))
        }
        #expect(actions.dropLast().allSatisfy { $0 == .goOn })
        guard case .stop(let e) = actions.last else {
            Issue.record("no stop: \(actions)")
            return
        }
        #expect(e.message.contains("404"))
        #expect(m.admit() == .stop)
        #expect(m.ending(interrupted: false, plan: .complete, failures: 10).state == .stopped)
    }

    @Test func aDifferentFailureOrASuccessEndsTheProbe() {
        var m = RunMachine()
        #expect(m.settled(Self.failure("404 Not Found")) == .goOn)
        #expect(m.settled(Self.failure("400 Bad Request")) == .release)
        for _ in 0..<20 { #expect(m.settled(Self.failure("404 Not Found")) == .goOn) }
        #expect(m.stoppedBy == nil)
    }

    @Test func serverErrorsAndUnknownTargetsNeverStopTheRun() {
        #expect(RunMachine.signature(of: CRMError("http.status", "POST /x failed: 500 Oops")) == nil)
        #expect(RunMachine.signature(of: CRMError("http.ambiguous", "POST /x failed: 404")) == nil)
        var m = RunMachine()
        #expect(m.settled(.init(state: .unknown, attempts: 1, error: "504")) == .release)
    }

    @Test func theEndingFollowsItsPrecedence() {
        let e = CRMError("http.bad-page", "bad page")
        let m = RunMachine()
        #expect(m.ending(interrupted: true, plan: .failed(e), failures: 0) == .planFailed(e))
        #expect(m.ending(interrupted: true, plan: .complete, failures: 3) == .interrupted)
        #expect(m.ending(interrupted: false, plan: .complete, failures: 3) == .partial(failures: 3))
        #expect(m.ending(interrupted: false, plan: .complete, failures: 0).state == .complete)
        #expect(RunState(rawValue: "plan-failed") == .planFailed)
    }
}
