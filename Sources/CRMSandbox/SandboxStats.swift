/// Counters behind `GET /_sandbox/stats`: requests per route, and sends with their duplicates,
/// which is how tests and benchmarks prove a bulk run sent each message exactly once.
struct SandboxStats: Sendable {
    var requestsTotal = 0
    /// API requests received, counted on arrival (before the latency), and those not yet answered.
    var arrived = 0
    var inFlight = 0
    var byRoute: [String: Int] = [:]
    var sendsTotal = 0
    var sendKeys: [String: Int] = [:]
    var sendsByChannel: [String: Int] = [:]
    var rateLimited = 0
    var injected429 = 0
    var injected5xx = 0
    var injectedResets = 0
    var appliedThenFailed = 0
    /// Writes hit by `--fault-after-write`: all of them, and those answered late (the others got a 5xx
    /// and are also in `appliedThenFailed`).
    var afterWrite = 0
    var afterWriteSlow = 0
    /// Messages added as noise (not sends).
    var noise = 0

    mutating func recordSend(key: String, channelID: String) {
        sendsTotal += 1
        sendKeys[key, default: 0] += 1
        sendsByChannel[channelID, default: 0] += 1
    }

    func json() -> JSONNode {
        let routes = byRoute.keys.sorted().map { ($0, JSONNode.int(byRoute[$0] ?? 0)) }
        let channels = sendsByChannel.keys.sorted().map { ($0, JSONNode.int(sendsByChannel[$0] ?? 0)) }
        return .object([
            (
                "requests",
                .object([
                    ("total", .int(requestsTotal)), ("arrived", .int(arrived)), ("inFlight", .int(inFlight)),
                    ("byRoute", .object(routes)),
                ])
            ),
            (
                "sends",
                .object([
                    ("total", .int(sendsTotal)), ("unique", .int(sendKeys.count)),
                    ("duplicates", .int(sendsTotal - sendKeys.count)),
                    ("byChannel", .object(channels)),
                ])
            ),
            (
                "faults",
                .object([
                    ("rateLimited", .int(rateLimited)), ("injected429", .int(injected429)),
                    ("injected5xx", .int(injected5xx)),
                    ("resets", .int(injectedResets)), ("appliedThenFailed", .int(appliedThenFailed)),
                    ("noise", .int(noise)), ("afterWrite", .int(afterWrite)), ("afterWriteSlow", .int(afterWriteSlow)),
                ])
            ),
        ])
    }
}

/// A token bucket over all API requests: capacity of about one second of the rate.
struct TokenBucket: Sendable {
    let rate: Double
    let capacity: Double
    var tokens: Double
    var last: Double

    init(rate: Double, now: Double) {
        self.rate = rate
        capacity = max(1, rate)
        tokens = capacity
        last = now
    }

    /// Takes one token; nil when granted, otherwise the whole seconds to wait (at least 1).
    mutating func take(now: Double) -> Int? {
        tokens = min(capacity, tokens + max(0, now - last) * rate)
        last = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        let wait = (1 - tokens) / rate
        return max(1, Int(min(wait, 86_400).rounded(.up)))
    }
}
