import CRMBulk
import CRMCommands
import CRMCore
import CRMLineEditor
import Foundation
import Synchronization

/// Server values for Tab completion (tag names, template ids with names, …), cached per profile
/// with a TTL and refreshed in the background, so completing never waits on the network.
final class CompletionCache: Sendable {
    private struct Entry: Sendable {
        var items: [CompletionItem]
        var fetchedAt: Date
    }
    private struct State: Sendable {
        var profile = ""
        var entries: [String: Entry] = [:]
        var inFlight: Set<String> = []
    }
    private let state = Mutex(State())
    // NOT PROVEN SAFE: background fetches read the host's session and API while the REPL waits at
    // its prompt; a statement that changes the profile meanwhile could race them (completion only).
    private let host: Unchecked<ShellHost>
    /// How long fetched values stay fresh.
    let ttl: TimeInterval = 120
    /// The server kinds kept fresh: every kind `DynamicValues` serves (its list is the one owner).
    static var kinds: [String] { DynamicValues.kinds }

    init(host: ShellHost) { self.host = Unchecked(value: host) }

    /// The cached items of `kind` for the current profile (never blocks). Local kinds are computed.
    func cached(_ kind: String) -> [CompletionItem] {
        if kind == "profiles" {
            return (host.value.session?.listProfiles() ?? []).compactMap { $0[field: "name"]?.stringValue }.map {
                CompletionItem(value: $0, label: nil)
            }
        }
        if kind == "runs" { return runIDs() }
        let profile = host.value.session?.profileName ?? ""
        return state.withLock { s in s.profile == profile ? (s.entries[kind]?.items ?? []) : [] }
    }

    /// The newest runs of the current profile from the journal directory (local, read on each Tab;
    /// only each journal's first and last lines are read), labelled with command and state.
    func runIDs(limit: Int = 50) -> [CompletionItem] {
        let dir = RunJournal.directory(state: host.value.runner.stateDirectory)
        let profile = host.value.session?.profileName ?? ""
        var out: [CompletionItem] = []
        for file in RunJournal.files(in: dir) where out.count < limit {
            guard let (header, last) = UnfinishedRuns.headerAndLastLine(file),
                header[field: "profile"]?.stringValue == profile, let id = header[field: "id"]?.stringValue
            else { continue }
            let state =
                switch last?[field: "type"]?.stringValue {
                case "end": last?[field: "state"]?.stringValue ?? "ended"
                case "abandoned": "abandoned"
                default: "died or running"
                }
            let command = header[field: "command"]?.stringValue ?? "run"
            out.append(CompletionItem(value: id, label: "\(id) — \(command), \(state)"))
        }
        return out
    }

    /// Starts background fetches for stale kinds of the current profile.
    func refresh() {
        guard let session = host.value.session, let api = host.value.api, !host.value.settings.curl else { return }
        let profile = session.profileName
        let now = Date()
        let stale: [String] = state.withLock { s in
            if s.profile != profile {
                s.profile = profile
                s.entries = [:]
                s.inFlight = []
            }
            let kinds = Self.kinds.filter { k in
                !s.inFlight.contains(k) && (s.entries[k].map { now.timeIntervalSince($0.fetchedAt) > ttl } ?? true)
            }
            s.inFlight.formUnion(kinds)
            return kinds
        }
        for kind in stale {
            Task.detached { [self] in
                let items = (try? await DynamicValues.fetch(kind, api: api))?.map {
                    CompletionItem(value: $0.value, label: $0.label == $0.value ? nil : $0.label)
                }
                self.state.withLock { s in
                    s.inFlight.remove(kind)
                    if s.profile == profile, let items { s.entries[kind] = Entry(items: items, fetchedAt: Date()) }
                }
            }
        }
    }
}
