import CRMCore
import Foundation
import Synchronization

/// The prod write guard's count for the current top-level statement: writes sent so far, and
/// whether the user confirmed (after which the statement is not asked again).
final class WriteGuard: Sendable {
    private let state = Mutex<(used: Int, confirmed: Bool)>((0, false))

    func reset() { state.withLock { $0 = (0, false) } }
    var confirmed: Bool { state.withLock { $0.confirmed } }
    var used: Int { state.withLock { $0.used } }
    func confirm() { state.withLock { $0.confirmed = true } }
    func add(_ n: Int) { state.withLock { $0.used += n } }

    /// Counts one write if the statement stays within `threshold` (or is confirmed); false when
    /// this write would be one too many.
    func admitOne(threshold: Int) -> Bool {
        state.withLock { s in
            guard s.confirmed || s.used < threshold else { return false }
            s.used += 1
            return true
        }
    }
}

/// The API of a profile with the guard in front of it: every write request (not GET/HEAD) is
/// counted against the statement's allowance. Bulk runs send around it: they count their targets
/// up front (`ShellHost.admitRun`) and journal every send.
struct GuardedAPIService: APIService {
    let inner: any APIService
    // SAFE as far as the guard goes: its count is a Mutex (`WriteGuard`); the host's settings and
    // prompt are read from the statement's tasks, which do not change them while it runs.
    let host: Unchecked<ShellHost>

    func send(_ request: APIRequest) async throws -> Value {
        if request.isWrite { try await host.value.admitWrite(request) }
        return try await inner.send(request)
    }

    func stream(_ request: APIRequest, paging: Paging, limit: Int?) -> RecordStream {
        inner.stream(request, paging: paging, limit: limit)
    }

    func curlCommand(for request: APIRequest) -> String { inner.curlCommand(for: request) }

    func serverClock(_ api: API) -> ServerClock? { inner.serverClock(api) }
    var lookups: any APIService { inner.lookups }
}

extension ShellHost {
    /// A prod profile without `--yes`, not yet confirmed in this statement.
    public var writesNeedConfirming: Bool {
        session?.safetyClass == "prod" && !settings.yes && !writeGuard.confirmed
    }

    public func statementBegins() { writeGuard.reset() }

    /// Up to `count` writes are about to go out (a loop's items, a bulk run's targets): more than
    /// the threshold allows in one statement needs the count typed back at a terminal, or `--yes`
    /// in a script; otherwise it stops here, before any of them is sent.
    public func expectWrites(_ count: Int, what: String) async throws {
        guard writesNeedConfirming, writeGuard.used + count > settings.guardThreshold,
            let session
        else { return }
        let on = "on prod profile '\(session.profileName)'"
        if isInteractive {
            let answer = try await prompt("This sends \(what) \(on). Type \(count) to go ahead: ", secret: false)
            if answer?.trimmingCharacters(in: .whitespaces) == String(count) { return writeGuard.confirm() }
            throw CRMError("guard.refused", "Not confirmed; nothing was sent.", exit: .refused)
        }
        throw CRMError(
            "guard.refused", "Refusing to send \(what) \(on) without confirmation; nothing was sent.",
            help: "add --yes to the command, or run 'crm --yes FILE'", exit: .refused)
    }

    /// A bulk run's `count` targets, which it sends around the guarded API: asked or refused as
    /// `expectWrites` does, then counted against the statement's allowance.
    public func admitRun(_ count: Int, what: String) async throws {
        try await expectWrites(count, what: what)
        if writesNeedConfirming { writeGuard.add(count) }
    }

    /// One write request: beyond the statement's allowance (code the guard could not count up
    /// front, such as a `while` loop) it asks at a terminal and stops a script.
    func admitWrite(_ request: APIRequest) async throws {
        guard writesNeedConfirming, !WriteConfirmation.byFlag, let session else { return }
        let threshold = settings.guardThreshold
        if writeGuard.admitOne(threshold: threshold) { return }
        let sent = "This statement has sent \(writeGuard.used) writes on prod profile '\(session.profileName)'"
        if isInteractive {
            let answer = try await prompt(
                "\(sent); \(request.method) \(request.path) would be one more. Type yes to go on: ", secret: false)
            if answer?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" {
                writeGuard.confirm()
                writeGuard.add(1)
                return
            }
            throw CRMError(
                "guard.refused", "Not confirmed; \(writeGuard.used) writes were sent, no more.", exit: .refused)
        }
        throw CRMError(
            "guard.refused",
            "\(sent), the most one statement may send without confirmation; \(request.method) \(request.path) was not sent.",
            help: "add --yes to the command, or run 'crm --yes FILE'", exit: .refused)
    }
}
