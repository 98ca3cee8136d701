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

/// Quick options for tests: tiny backoff and `Retry-After` cap.
func quickOptions(attempts: Int = 3) -> ClientOptions {
    var o = ClientOptions()
    o.maxAttempts = attempts
    o.baseBackoff = 0.001
    o.maxBackoff = 0.005
    o.retryAfterCap = 0.01
    o.connectTimeout = 2
    o.readTimeout = 5
    return o
}

/// A service against `base` for both APIs, under a unique profile name (so rate schedulers of
/// parallel tests never meet).
func makeService(base: String, notices: Notices = Notices(), attempts: Int = 3, leelooToken: String? = "tok-leeloo-1234567890")
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
