import CRMCore
import Foundation
import Synchronization

@testable import CRMClient

/// Collects notice lines.
final class Notices: Sendable {
    let lines = Mutex<[String]>([])
    var handler: NoticeHandler { { [self] line in lines.withLock { $0.append(line) } } }
    var all: [String] { lines.withLock { $0 } }
}

private let clientCounter = Mutex(0)

/// Quick options for tests: tiny backoff and `Retry-After` cap.
///
/// Each call gets a connect timeout that differs by a microsecond, so each test has its own
/// pooled HTTP client: a keep-alive connection pooled by one test to a server that has stopped
/// could otherwise be reused by a later test whose server was given the same port.
func quickOptions(attempts: Int = 3) -> ClientOptions {
    let n = clientCounter.withLock { c in
        c += 1
        return c
    }
    var o = ClientOptions()
    o.maxAttempts = attempts
    o.baseBackoff = 0.001
    o.maxBackoff = 0.005
    o.retryAfterCap = 0.01
    o.connectTimeout = 2 + Double(n) * 1e-6
    o.readTimeout = 5
    return o
}

/// A service against `base` for both APIs, under a unique profile name (so rate schedulers of
/// parallel tests never meet).
func makeService(
    base: String, notices: Notices = Notices(), attempts: Int = 3, leelooToken: String? = "tok-leeloo-1234567890"
)
    -> HTTPAPIService
{
    let p = Profile(
        name: "test-\(UUID().uuidString)", safetyClass: .demo, leelooURL: base, leelooToken: leelooToken,
        chattonicURL: base + "/chattonic", chattonicCodename: "demo", chattonicToken: "tok-chattonic-1234567890",
        chattonicAppToken: "tok-app-1234567890")
    return HTTPAPIService(profile: p, options: quickOptions(attempts: attempts), notice: notices.handler)
}

/// The CRMError thrown by `body`, or nil.
func crmError(_ body: () async throws -> Void) async -> CRMError? {
    do {
        try await body()
        return nil
    } catch let e as CRMError {
        return e
    } catch {
        return CRMError("test.unexpected", "\(error)")
    }
}

/// The `/people` date filter the v2 page marks required, spanning every date.
let everyDate = [("filter[last_message][from]", "1970-01-01"), ("filter[last_message][to]", "9999-12-31")]
