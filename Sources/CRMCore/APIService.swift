/// The two vendor APIs crm speaks.
public enum API: String, Sendable, CaseIterable, Hashable {
    /// Leeloo.ai v1 and v2 (`X-Leeloo-AuthToken`).
    case leeloo
    /// Chat-Tonic (`Authorization: Bearer`, `codename` path segment, app `token` for archives).
    case chattonic
}

/// A request body.
public enum RequestBody: Sendable {
    case none
    /// `Content-Type: application/json`.
    case json(Value)
    /// `application/x-www-form-urlencoded`, pairs in order.
    case form([(String, String)])
}

/// How a request authenticates.
public enum AuthScheme: Sendable {
    /// The API's normal header (Leeloo token header, Chat-Tonic Bearer).
    case standard
    /// Chat-Tonic archives: the app token as the `token` query parameter.
    case appTokenQuery
    /// No credentials (Chat-Tonic login).
    case none
}

/// One API call, described independently of the HTTP library.
public struct APIRequest: Sendable {
    /// Which API.
    public var api: API
    /// `GET`, `POST`, `PUT`, `DELETE`.
    public var method: String
    /// Leeloo: the full path (`/api/v2/people/ID`). Chat-Tonic: the path after
    /// `/api/v1/{codename}` (`/lead/records`), unless `usesCodename` is false, when it is the full
    /// path (`/api/v1/user/login`).
    public var path: String
    /// Query pairs in order; a key may repeat (`filter[tags]`).
    public var query: [(String, String)]
    /// The body.
    public var body: RequestBody
    /// The auth scheme.
    public var auth: AuthScheme
    /// Chat-Tonic only: whether `/api/v1/{codename}` is put before `path`.
    public var usesCodename: Bool

    public init(
        _ api: API, _ method: String, _ path: String, query: [(String, String)] = [], body: RequestBody = .none,
        auth: AuthScheme = .standard, usesCodename: Bool = true
    ) {
        self.api = api
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.auth = auth
        self.usesCodename = usesCodename
    }

    /// Whether the request may change server state (anything but GET/HEAD).
    public var isWrite: Bool { method != "GET" && method != "HEAD" }
}

/// How a list endpoint pages.
public enum Paging: Sendable {
    /// Leeloo: `offset`/`limit`, items in `data`, stop at `meta.totalCount` or an empty page.
    case leelooOffset(pageSize: Int)
    /// Chat-Tonic: `skip`/`limit` (≤ 100), items under `itemsKey`, no total: stop on a short page.
    case chattonicSkip(pageSize: Int, itemsKey: String)
}

/// The client core as the commands see it. Implemented over AsyncHTTPClient in `CRMClient`; tests
/// may use a fake.
public protocol APIService: Sendable {
    /// Sends one request and returns the decoded JSON body. Throws a located-ready `CRMError` for
    /// transport failures, non-2xx statuses and Leeloo `status: 0` bodies.
    func send(_ request: APIRequest) async throws -> Value
    /// A lazy stream over every item of a paginated list, prefetching the next page while the
    /// current one is consumed; `limit` caps the number of items.
    func stream(_ request: APIRequest, paging: Paging, limit: Int?) -> RecordStream
    /// The equivalent curl command, with tokens as `$CRM_LEELOO_TOKEN` / `$CRM_CHATTONIC_TOKEN`.
    func curlCommand(for request: APIRequest) -> String
    /// The server's clock from the `Date` header of the last successful answer from `api`, or nil.
    func serverClock(_ api: API) -> ServerClock?
    /// The service a write's name lookups read through (the tag list, the templates): this one,
    /// except where it prints curl commands instead of sending. A printed write needs the id a
    /// name stands for, and reading a list changes nothing, so the lists are then read for real.
    var lookups: any APIService { get }
}

extension APIService {
    public var lookups: any APIService { self }
}

/// Which requests go first when the rate limit makes requests wait for a slot.
///
/// A bulk run's follow-ups (a retry, the read-back after an ambiguous send, the resend after it)
/// finish a target that is already under way; fresh sends only start new ones. Letting follow-ups
/// go first keeps a target's recovery from queueing behind every fresh send, so a run does not
/// end with a long tail of targets still recovering.
public enum RequestUrgency: Sendable, Equatable {
    case normal
    case followUp

    /// The urgency of requests the current task sends (`withValue` around a follow-up).
    @TaskLocal public static var current: RequestUrgency = .normal
}

/// Whether the write command the current task runs was given its own `--yes`: the prod write
/// guard lets its requests through (`for … { people add-tag $p.id vip --yes }`).
public enum WriteConfirmation {
    @TaskLocal public static var byFlag = false
}

/// How many attempts the client makes at a request it may safely repeat (a read, or a write the
/// server refused with 429 or 503) before it gives up.
public enum RetryBudget {
    /// The attempts for requests the current task sends, when set; nil keeps the profile's
    /// setting (5). A bulk run raises it: giving up on one page of its listing cuts the run short,
    /// and giving up on a read-back leaves a target unknown, so it keeps trying longer.
    @TaskLocal public static var attempts: Int? = nil
}
