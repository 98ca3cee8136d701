import CRMCore
import Synchronization

/// The client core: `APIService` over AsyncHTTPClient for one profile.
///
/// Every request goes through the profile's shared `RateScheduler`, the `RetryPolicy` and the
/// `ResponseDecoder`; errors name the request and quote the server with tokens redacted. Nothing
/// network-related is created before the first request.
public final class HTTPAPIService: APIService, Sendable {
    /// The profile requests are made for (tokens resolved).
    public let profile: Profile
    /// Timeouts and retry limits.
    public let options: ClientOptions
    let notice: NoticeHandler
    let redactor: Redactor
    let decoder: ResponseDecoder
    private let flags = Mutex<(verbose: Bool, curl: Bool)>((false, false))
    /// The last reading from each API, with the `Date` header it was read from.
    private let clocks = Mutex<[API: (reading: ServerClock, header: String)]>([:])

    /// The `Date` header of the last successful answer from each API (`crm doctor`'s clock check).
    public func serverClock(_ api: API) -> ServerClock? { clocks.withLock { $0[api]?.reading } }

    /// Keeps the `Date` header of a successful answer to a request sent at `sent` (local wall-clock
    /// seconds), read against the local clock now.
    func recordClock(_ header: String?, _ api: API, sent: Double) {
        guard let header else { return }
        // A `Date` header changes once a second: a page scan parses it once a second, not per page.
        let same = clocks.withLock { $0[api].flatMap { $0.header == header ? $0.reading.server : nil } }
        guard let seconds = same ?? HTTPDate.parse(header) else { return }
        let reading = ServerClock(server: seconds, sent: sent, received: Self.wallClock())
        clocks.withLock { $0[api] = (reading, header) }
    }

    /// A service for `profile`; `notice` receives traces, wait messages and curl lines.
    public init(profile: Profile, options: ClientOptions, notice: @escaping NoticeHandler) {
        self.profile = profile
        self.options = options
        self.notice = notice
        redactor = Redactor(secrets: profile.tokens)
        decoder = ResponseDecoder(redactor: redactor)
    }

    /// Whether each attempt is traced as `GET url → 200 (12 ms)` through the notice handler.
    public var verbose: Bool {
        get { flags.withLock { $0.verbose } }
        set { flags.withLock { $0.verbose = newValue } }
    }

    /// Whether requests are printed as curl commands instead of being sent (`send` then returns
    /// null and streams are empty).
    public var curlMode: Bool {
        get { flags.withLock { $0.curl } }
        set { flags.withLock { $0.curl = newValue } }
    }

    /// In curl mode, a service for the same profile that sends (see `APIService.lookups`).
    public var lookups: any APIService {
        guard curlMode else { return self }
        let reader = HTTPAPIService(profile: profile, options: options, notice: notice)
        reader.verbose = verbose
        return reader
    }

    /// Releases resources. The HTTP clients are process-wide and need no shutdown, so this only
    /// exists for symmetry with callers that tear services down.
    public func shutdown() async {}

    /// Sends one request with retries; see `RetryPolicy` for which failures are retried.
    public func send(_ request: APIRequest) async throws -> Value {
        if curlMode {
            notice(curlCommand(for: request))
            return .null
        }
        return try await transmit(request)
    }

    /// Sends `request` whatever the curl mode is now: the pages of a stream that began reading.
    func transmit(_ request: APIRequest) async throws -> Value {
        // One redaction pass over every error, whatever part of the response it quotes.
        do {
            let prepared = try PreparedRequest.make(request, profile: profile)
            return try await execute(prepared)
        } catch let e as CRMError {
            // A secret the request itself carries (the password of a login) is hidden too.
            let carried = Self.carriedSecrets(request)
            throw (carried.isEmpty ? redactor : Redactor(secrets: redactor.originals + carried)).redact(e)
        }
    }

    /// The values of the `password` and `token` fields of a JSON or form body: a server that
    /// echoes them in an error must not have them printed.
    static func carriedSecrets(_ request: APIRequest) -> [String] {
        let names: Set<String> = ["password", "token"]
        switch request.body {
        case .json(let v):
            return (v.recordValue?.fields ?? []).filter { names.contains($0.key) }.compactMap { $0.value.stringValue }
        case .form(let pairs): return pairs.filter { names.contains($0.0) }.map(\.1)
        case .none: return []
        }
    }

    /// A lazy stream over every item of a paginated list, prefetching the next page.
    public func stream(_ request: APIRequest, paging: Paging, limit: Int?) -> RecordStream {
        let label = "\(request.method) \(request.path)"
        // Whether this stream prints its first page's curl command instead of reading, as the
        // service is set now: a `--curl` given to the command the stream is piped into turns curl
        // mode on later, for that command alone (`people | people add-tag vip --curl` reads the
        // people and prints the add-tag commands).
        let printOnly = curlMode
        return RecordStream(label: label) { [self] in
            let machine: PagingMachine
            let itemsKey: String?
            switch paging {
            case .leelooOffset(let size):
                machine = .leeloo(LeelooPageStateMachine(pageSize: size, limit: limit))
                itemsKey = nil
            case .chattonicSkip(let size, let key):
                machine = .chattonic(ChattonicPageStateMachine(pageSize: size, limit: limit))
                itemsKey = key
            }
            if printOnly {
                var m = machine
                if case .fetch(let offset, let size) = m.next() {
                    notice(curlCommand(for: Self.pageRequest(request, machine: machine, offset: offset, limit: size)))
                }
                return RecordCursor { nil }
            }
            let pager = PrefetchingPager(machine: machine, label: label, notice: notice) { [self] offset, size in
                let page = Self.pageRequest(request, machine: machine, offset: offset, limit: size)
                let body = try await transmit(page)
                return try Self.extractPage(body, itemsKey: itemsKey, label: "\(page.method) \(page.path)")
            }
            return RecordCursor(
                expectedCount: { pager.expectedCount }, readAhead: { pager.readAhead(pages: $0) },
                onClose: { pager.close() }
            ) {
                try await pager.next()
            }
        }
    }

    /// `request` with its paging parameters replaced for one page.
    static func pageRequest(_ request: APIRequest, machine: PagingMachine, offset: Int, limit: Int) -> APIRequest {
        var r = request
        let keys: (String, String)
        if case .leeloo = machine { keys = ("offset", "limit") } else { keys = ("skip", "limit") }
        r.query.removeAll { $0.0 == keys.0 || $0.0 == keys.1 }
        r.query.append((keys.1, String(limit)))
        r.query.append((keys.0, String(offset)))
        return r
    }
}
