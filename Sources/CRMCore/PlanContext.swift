import Synchronization

/// What the planner of a write keeps for the length of one bulk run (or one single write): the
/// lists names are resolved against (tags, templates), fetched once and refreshed on a miss, and
/// how often each write was planned, so two identical creates in one run stay two jobs.
///
/// A run plans against one profile and token, so one context per run is a cache per profile and
/// token: the next run (perhaps on another profile) starts with an empty one.
public final class PlanContext: Sendable {
    /// The API the lists are read from (nil in contexts without a profile).
    public let api: (any APIService)?
    private let lists = Mutex<[String: [NamedID]]>([:])
    private let planned = Mutex<[String: Int]>([:])
    private let fetches = Mutex<Int>(0)

    /// Writes a warning about the input (a row a write skips) to stderr.
    public let notice: @Sendable (String) -> Void

    public init(api: (any APIService)?, notice: @escaping @Sendable (String) -> Void = { _ in }) {
        self.api = api
        self.notice = notice
    }

    /// How many lists this context fetched (tests and benchmarks: one per run).
    public var fetchCount: Int { fetches.withLock { $0 } }

    /// The entry of list `kind` named `name`: exact, then case-insensitive. The list is fetched on
    /// first use and once more when `name` is not in it (it may have been created since). Nil
    /// when it is in neither; `names(kind)` then lists what there is, for "Did you mean".
    public func resolve(
        _ name: String, in kind: String, fetch: @Sendable (any APIService) async throws -> [NamedID]
    ) async throws -> NamedID? {
        if let cached = lists.withLock({ $0[kind] }), let hit = Self.find(name, in: cached) { return hit }
        return try await load(kind, fetch: fetch).flatMap { Self.find(name, in: $0) }
    }

    /// The entry of list `kind` with id `id`, from the cached list (fetched once if there is none
    /// yet, never again on a miss: a loop over ids must not read the list per item).
    public func entry(
        id: String, in kind: String, fetch: @Sendable (any APIService) async throws -> [NamedID]
    ) async throws -> NamedID? {
        if let cached = lists.withLock({ $0[kind] }) { return cached.first { $0.id == id } }
        return try await load(kind, fetch: fetch)?.first { $0.id == id }
    }

    /// Fetches list `kind` and caches it; nil without an API.
    private func load(
        _ kind: String, fetch: @Sendable (any APIService) async throws -> [NamedID]
    ) async throws -> [NamedID]? {
        guard let api else { return nil }
        let fresh = try await fetch(api.lookups)
        fetches.withLock { $0 += 1 }
        lists.withLock { $0[kind] = fresh }
        return fresh
    }

    /// The names of list `kind` as last fetched.
    public func names(_ kind: String) -> [String] { lists.withLock { $0[kind] ?? [] }.map(\.name) }

    /// How many times a write with this key was planned before in this context (0 the first time).
    public func occurrence(of key: String) -> Int {
        planned.withLock { counts in
            let n = counts[key] ?? 0
            counts[key] = n + 1
            return n
        }
    }

    static func find(_ name: String, in list: [NamedID]) -> NamedID? {
        if let hit = list.first(where: { $0.name == name }) { return hit }
        let lower = name.lowercased()
        return list.first { $0.name.lowercased() == lower }
    }
}

/// An entry of a named list: a tag or a template, by id and name.
public struct NamedID: Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
