import Foundation

/// The sandbox's brain, independent of HTTP plumbing: routes a request, enforces auth, rate
/// limit and faults, runs the handler against the world and keeps the stats. All state sits
/// behind one lock; handlers are short, so serialising them is simpler and fast enough.
final class SandboxEngine: @unchecked Sendable {  // SAFE: every mutable field is guarded by `lock`.
    /// What the HTTP layer must do.
    enum Outcome: Sendable {
        case reply(SandboxReply)
        /// Drop the connection without a complete response.
        case drop
        /// Send this reply only after `ms` milliseconds (`--fault-after-write`'s slow case: the write
        /// is already applied, and the responder sleeps before answering).
        case delayed(SandboxReply, ms: Int)
    }

    let options: SandboxOptions
    let lock = NSLock()
    var world: SandboxWorld
    private var stats = SandboxStats()
    private var faults: SplitMix64
    /// `--fault-after-write`'s own generator, so turning it on leaves the other faults' sequence as it was.
    private var afterWriteFaults: SplitMix64
    private var bucket: TokenBucket?
    /// API requests whose latency has been drawn (the jitter's index); guarded by `lock`.
    private var latencyDraws = 0
    /// Live mode's progress (see `SandboxWorld+Live`); guarded by `lock`.
    var live = LiveProgress(start: SandboxEngine.now())

    init(options: SandboxOptions) {
        self.options = options
        world = SandboxWorld(options: options)
        faults = SplitMix64(seed: options.seed ^ 0xFA17_0000_0000_0001)
        afterWriteFaults = SplitMix64(seed: options.seed ^ Self.afterWriteSeed)
        bucket = options.rateLimit.flatMap { $0 > 0 ? TokenBucket(rate: $0, now: Self.now()) : nil }
    }

    /// Mixed into `seed` for `afterWriteFaults`.
    private static let afterWriteSeed: UInt64 = 0xAF7E_0000_0000_0002

    static func now() -> Double {
        ProcessInfo.processInfo.systemUptime
    }

    /// Counts an API request in when it arrives (before its latency), and out once answered.
    func noteInFlight(arriving: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if arriving { stats.arrived += 1 }
        stats.inFlight += arriving ? 1 : -1
    }

    /// True for paths that are API routes (they get latency, rate limit and faults).
    static func isAPIPath(_ path: String) -> Bool {
        !path.hasPrefix("/_sandbox")
    }

    /// Milliseconds to wait before answering the next API request: `latencyMs` plus, with
    /// `latencyJitterMs`, a share of the jitter drawn from the seed by arrival order.
    func nextLatencyMs() -> Int {
        guard options.latencyJitterMs > 0 else { return options.latencyMs }
        lock.lock()
        let n = latencyDraws
        latencyDraws += 1
        lock.unlock()
        var g = SplitMix64.derived(seed: options.seed, stream: 0x1A7E, index: n)
        return options.latencyMs + g.below(options.latencyJitterMs + 1)
    }

    /// Answers one request. `headers` holds lower-cased names of the few headers used.
    func handle(method: String, path: String, query: String, headers: [String: String], body: [UInt8]) -> Outcome {
        let outcome = route(method: method, path: path, query: query, headers: headers, body: body)
        guard case .reply(var reply) = outcome, Self.isAPIPath(path) else { return outcome }
        lock.lock()
        let limit = bucket.map { ($0.rate, Int($0.tokens)) }
        lock.unlock()
        // Rate-limit hints in the IETF draft's form (as GitHub-style APIs send them), so a client
        // can pace itself instead of discovering the limit by hitting it.
        if let (rate, _) = limit { reply.headers.append(("RateLimit-Policy", "\(Int(rate));w=1")) }
        if !reply.headers.contains(where: { $0.0 == "RateLimit-Remaining" }), let (_, remaining) = limit {
            reply.headers.append(("RateLimit-Remaining", String(max(0, remaining))))
        }
        return .reply(reply)
    }

    /// Routes one request (see `handle`).
    private func route(method: String, path: String, query: String, headers: [String: String], body: [UInt8]) -> Outcome
    {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.first == "_sandbox" { return .reply(control(method: method, parts: parts)) }
        let isChattonicPath = parts.first == "chattonic"
        lock.lock()
        defer { lock.unlock() }
        catchUpLiveLocked()
        stats.requestsTotal += 1
        guard let (route, params) = SandboxRouteTable.find(method: method, parts: parts) else {
            stats.byRoute["unmatched", default: 0] += 1
            let exists = SandboxRouteTable.pathExists(parts)
            let status = exists ? 405 : 404
            if isChattonicPath { return .reply(.chattonicError(status, exists ? "Method not allowed" : "Not found")) }
            return .reply(.leelooError(status, exists ? "METHOD_NOT_ALLOWED" : "NOT_FOUND"))
        }
        stats.byRoute[method + " " + (route.isChattonic ? "/chattonic" : "") + route.path, default: 0] += 1
        if let wait = bucket?.take(now: Self.now()) {
            stats.rateLimited += 1
            return .reply(tooMany(route, wait: wait, remaining: 0))
        }
        if options.noise > 0, route.path.hasSuffix("/send-template") || route.path.hasSuffix("/send-message") {
            let node = SandboxRequest.decodeBody(body, contentType: headers["content-type"]).0
            if world.addNoise(accountID: node["account_id"]?.stringValue ?? "") { stats.noise += 1 }
        }
        let afterWrite = drawAfterWrite(route)
        if let fault = injectFault(route) {
            return fault.apply ? applyThen(fault.outcome, route, params, query, headers, body) : fault.outcome
        }
        let reply = run(route, params, query, headers, body)
        guard let afterWrite, reply.status < 300 else { return .reply(reply) }
        return faultAfterWrite(afterWrite, route, applied: reply)
    }

    /// A 429. `remaining` says how much of the quota was left: 0 when the bucket is empty, more
    /// for an injected fault (an overloaded backend, not the quota), so a client can tell them apart.
    private func tooMany(_ route: SandboxRoute, wait: Int, remaining: Int) -> SandboxReply {
        var reply =
            route.isChattonic
            ? SandboxReply.chattonicError(429, "Too many requests")
            : SandboxReply.leelooError(429, "RATE_LIMIT")
        reply.headers.append(("Retry-After", String(wait)))
        reply.headers.append(("RateLimit-Remaining", String(remaining)))
        return reply
    }

    /// Draws this request's fault, if any. Three draws happen for every API request whenever
    /// any fault probability is set, so a seed always gives the same sequence.
    private func injectFault(_ route: SandboxRoute) -> (outcome: Outcome, apply: Bool)? {
        guard options.fault429 > 0 || options.fault5xx > 0 || options.faultReset > 0 else { return nil }
        let r429 = faults.unit()
        let r5xx = faults.unit()
        let rReset = faults.unit()
        let sub = faults.next()
        let applyFirst = route.isWrite && sub & 1 == 0
        if r429 < options.fault429 {
            stats.injected429 += 1
            let left = bucket.map { max(1, Int($0.tokens)) } ?? 1000
            return (.reply(tooMany(route, wait: 1, remaining: left)), false)
        }
        if r5xx < options.fault5xx {
            stats.injected5xx += 1
            let codes = [500] + SandboxPremises.gatewayCodes
            // Every code may follow an applied write: the live API gives no promise that a 502, 503
            // or 504 means "not applied", so the sandbox makes none either.
            return (.reply(Self.serverError(route, codes[Int((sub >> 1) % UInt64(codes.count))])), applyFirst)
        }
        if rReset < options.faultReset {
            stats.injectedResets += 1
            return (.drop, applyFirst)
        }
        return nil
    }

    /// A 5xx answer in the route's API's error shape.
    static func serverError(_ route: SandboxRoute, _ code: Int) -> SandboxReply {
        route.isChattonic
            ? SandboxReply.chattonicError(code, "Internal server error")
            : SandboxReply.leelooError(code, "INTERNAL_ERROR")
    }

    /// `--fault-after-write`: one draw per write request (whether or not it is later applied, so a
    /// seed gives the same sequence), from a generator of its own; nil when off, missed or not a write.
    private func drawAfterWrite(_ route: SandboxRoute) -> SandboxPremises.AfterWrite? {
        guard options.faultAfterWrite > 0, route.isWrite else { return nil }
        let hit = afterWriteFaults.unit() < options.faultAfterWrite
        let kind = afterWriteFaults.next()
        return hit ? SandboxPremises.afterWrite(kind) : nil
    }

    /// The answer to a write that was applied and then hit by `--fault-after-write`: a 502/503/504,
    /// or the real answer after the delay. A write the handler refused is answered as it is (nothing
    /// was applied, so there is no premise to break).
    private func faultAfterWrite(_ fault: SandboxPremises.AfterWrite, _ route: SandboxRoute, applied: SandboxReply)
        -> Outcome
    {
        stats.afterWrite += 1
        switch fault {
        case .status(let code):
            stats.appliedThenFailed += 1
            return .reply(Self.serverError(route, code))
        case .slow:
            stats.afterWriteSlow += 1
            return .delayed(applied, ms: options.faultAfterWriteDelayMs)
        }
    }

    private func applyThen(
        _ outcome: Outcome, _ route: SandboxRoute, _ params: [String: String], _ query: String,
        _ headers: [String: String],
        _ body: [UInt8]
    ) -> Outcome {
        let applied = run(route, params, query, headers, body)
        if applied.status < 300 { stats.appliedThenFailed += 1 }
        return outcome
    }

    /// Authenticates and runs a handler; counts accepted sends. Caller holds the lock.
    private func run(
        _ route: SandboxRoute, _ params: [String: String], _ query: String, _ headers: [String: String], _ body: [UInt8]
    ) -> SandboxReply {
        var req = SandboxRequest(method: route.method, path: route.path, params: params)
        req.query = SandboxRequest.decodeForm(query[...])
        if let failure = authenticate(route, req, headers) { return failure }
        if route.isChattonic, let codename = params["codename"], codename != options.codename {
            return .chattonicError(404, "Unknown application '\(codename)'")
        }
        if !body.isEmpty {
            let (node, malformed) = SandboxRequest.decodeBody(body, contentType: headers["content-type"])
            if malformed {
                return route.isChattonic
                    ? .chattonicError(400, "Body must be valid JSON") : .leelooMissing("body", "INVALID_JSON")
            }
            req.body = node
        }
        if let failure = Self.checkBody(route, req, body: body, contentType: headers["content-type"]) {
            return failure
        }
        world.pendingSendKey = nil
        var reply = route.handler(&world, req)
        if options.drift { reply = SandboxDrift.apply(route, reply) }
        if let key = world.pendingSendKey, reply.status == 200 {
            stats.recordSend(key: key, channelID: req.field("account_id") ?? "")
        }
        world.pendingSendKey = nil
        return reply
    }

    private func authenticate(_ route: SandboxRoute, _ req: SandboxRequest, _ headers: [String: String])
        -> SandboxReply?
    {
        switch route.auth {
        case .none:
            return nil
        case .leeloo:
            // The header only, compared as it arrives (v2 page: "Pass your auth token in 'X-Leeloo-AuthToken'
            // header"; the token page: copy it "without leading or trailing spaces"). Over HTTP the
            // parser has already stripped the whitespace around the value (RFC 9110 §5.5).
            guard let token = headers["x-leeloo-authtoken"], !token.isEmpty else {
                return .leelooError(401, "FORMAT_ERROR", fields: [("authToken", "REQUIRED")])
            }
            return token == options.leelooToken ? nil : .leelooError(401, "AUTH_ERROR")
        case .bearer:
            let value = headers["authorization"] ?? ""
            let token =
                value.lowercased().hasPrefix("bearer ")
                ? String(value.dropFirst(7)) : ""
            return token == options.chattonicToken && !token.isEmpty ? nil : .chattonicError(401, "Unauthorized")
        case .appToken:
            return req.q("token") == options.chattonicAppToken ? nil : .chattonicError(401, "Unauthorized")
        }
    }

    /// `/_sandbox/stats` and `/_sandbox/reset`: no auth, never limited or faulted.
    private func control(method: String, parts: [Substring]) -> SandboxReply {
        if method == "POST", parts.count >= 2, parts[1] == "tick" {
            return tick(parts.count == 3 ? Int(parts[2]) ?? 0 : 1)
        }
        let name = parts.count == 2 ? parts[1] : ""
        switch (method, name) {
        case ("GET", "stats"):
            lock.lock()
            defer { lock.unlock() }
            return SandboxReply(status: 200, body: stats.json().serialized())
        case ("POST", "reset"):
            let fresh = SandboxWorld(options: options)
            lock.lock()
            defer { lock.unlock() }
            world = fresh
            let inFlight = stats.inFlight
            stats = SandboxStats()
            stats.inFlight = inFlight
            latencyDraws = 0
            live = LiveProgress(start: Self.now())
            faults = SplitMix64(seed: options.seed ^ 0xFA17_0000_0000_0001)
            afterWriteFaults = SplitMix64(seed: options.seed ^ Self.afterWriteSeed)
            bucket = options.rateLimit.flatMap { $0 > 0 ? TokenBucket(rate: $0, now: Self.now()) : nil }
            return SandboxReply(status: 200, body: #"{"status":1,"reset":true}"#)
        default:
            return .chattonicError(
                404, "Unknown sandbox control route; use GET /_sandbox/stats or POST /_sandbox/reset")
        }
    }
}
