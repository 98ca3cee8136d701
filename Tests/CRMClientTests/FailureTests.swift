import CRMCore
import Foundation
import Testing

@testable import CRMClient

@Suite struct FailureTests {
    let ok = #"{"status":1,"data":{"id":"42"}}"#

    @Test func missingTokenSendsNothing() async throws {
        let server = try ScriptedServer { _, _ in .status(200, "OK", body: "{}") }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL, leelooToken: nil)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(e?.code == "auth.missing-token")
        #expect(e?.exitStatus == .auth)
        #expect(e?.help?.contains("CRM_LEELOO_TOKEN") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func wrongTokenIsRejected() async throws {
        let server = try ScriptedServer { _, _ in
            .status(401, "Unauthorized", body: #"{"status":0,"error":{"code":"UNAUTHORIZED"}}"#)
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(e?.code == "auth.rejected")
        #expect(e?.exitStatus == .auth)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers["x-leeloo-authtoken"] == "tok-leeloo-1234567890")
    }

    @Test func notFoundNamesTheRequestAndQuotesTheServer() async throws {
        let server = try ScriptedServer { _, _ in
            .status(404, "Not Found", body: #"{"status":0,"error":{"code":"NOT_FOUND"}}"#)
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people/42")) }
        #expect(e?.code == "http.status")
        #expect(e?.exitStatus == .api)
        #expect(
            e?.message == #"GET /api/v2/people/42 failed: 404 Not Found: {"status":0,"error":{"code":"NOT_FOUND"}}"#)
    }

    @Test func rateLimitedThenSuccess() async throws {
        let ok = self.ok
        let server = try ScriptedServer { _, i in
            i == 0
                ? .status(429, "Too Many Requests", body: "{}", headers: [("Retry-After", "1")])
                : .status(200, "OK", body: ok)
        }
        defer { server.stop() }
        let notices = Notices()
        let svc = makeService(base: server.baseURL, notices: notices)
        let v = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people/42"))
        #expect(v[field: "data"]?[field: "id"] == "42")
        #expect(server.requests.count == 2)
        #expect(notices.all.contains { $0.hasPrefix("leeloo rate limit: waiting") })
    }

    @Test func a429WithRoomLeftDelaysOnlyItsRequestAndIsCountedAsAWait() async throws {
        let ok = self.ok
        let server = try ScriptedServer { _, i in
            i == 0
                ? .status(
                    429, "Too Many Requests", body: "{}",
                    headers: [("Retry-After", "1"), ("RateLimit-Remaining", "50")])
                : .status(200, "OK", body: ok)
        }
        defer { server.stop() }
        let notices = Notices()
        let before = RetryWaits.retryAfterWaits
        let v = try await makeService(base: server.baseURL, notices: notices).send(
            APIRequest(.leeloo, "GET", "/api/v2/people/42"))
        #expect(v[field: "data"]?[field: "id"] == "42")
        #expect(server.requests.count == 2)
        #expect(RetryWaits.retryAfterWaits > before)  // shown on a bulk run's progress line and summary
        #expect(!notices.all.contains { $0.hasPrefix("leeloo rate limit: waiting") })  // not a pause for everyone
    }

    @Test func rateLimitedForeverGivesUp() async throws {
        let server = try ScriptedServer { _, _ in
            .status(429, "Too Many Requests", body: "{}", headers: [("Retry-After", "1")])
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL, attempts: 2)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags")) }
        #expect(e?.code == "http.rate-limited")
        #expect(e?.exitStatus == .rateLimited)
        #expect(server.requests.count == 2)
    }

    @Test func aRaisedRetryBudgetOutlastsAFaultStreakTheDefaultGivesUpOn() async throws {
        let ok = self.ok
        let script: @Sendable (ScriptedServer.Request, Int) -> ScriptedServer.Reply = { _, i in
            i < 4 ? .status(503, "Service Unavailable", body: "busy") : .status(200, "OK", body: ok)
        }
        let plain = try ScriptedServer(script)
        defer { plain.stop() }
        let gaveUp = await crmError {
            _ = try await makeService(base: plain.baseURL, attempts: 3).send(APIRequest(.leeloo, "GET", "/api/v2/tags"))
        }
        #expect(gaveUp?.code == "http.status")
        let patient = try ScriptedServer(script)
        defer { patient.stop() }
        let v = try await RetryBudget.$attempts.withValue(6) {
            try await makeService(base: patient.baseURL, attempts: 3).send(APIRequest(.leeloo, "GET", "/api/v2/tags"))
        }
        #expect(v[field: "data"]?[field: "id"] == "42")
        #expect(patient.requests.count == 5)
    }

    @Test func serverErrorThenSuccessForGet() async throws {
        let ok = self.ok
        let server = try ScriptedServer { _, i in
            i == 0 ? .status(500, "Internal Server Error", body: "oops") : .status(200, "OK", body: ok)
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let v = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people/42"))
        #expect(v[field: "status"] == 1)
        #expect(server.requests.count == 2)
    }

    @Test func writeServerErrorIsAmbiguousAndNotResent() async throws {
        let server = try ScriptedServer { _, _ in .status(500, "Internal Server Error", body: #"{"status":0}"#) }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "POST", "/api/v2/messages/send-template", body: .json(["a": 1])))
        }
        #expect(e?.code == "http.ambiguous")
        #expect(e?.exitStatus == .api)
        #expect(e?.message.hasPrefix("POST /api/v2/messages/send-template") == true)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.body == #"{"a":1}"#)
        #expect(server.requests.first?.headers["content-type"] == "application/json")
    }

    /// A 503 to a write is no proof the write was not applied (a proxy answers 503 after the
    /// backend applied it): ambiguous, one attempt, for the caller to read back.
    @Test func write503IsAmbiguous() async throws {
        let ok = self.ok
        let server = try ScriptedServer { _, i in
            i == 0 ? .status(503, "Service Unavailable", body: "") : .status(200, "OK", body: ok)
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "PUT", "/api/v2/people/1/add-tag", body: .form([("tag", "vip")])))
        }
        #expect(e?.code == "http.ambiguous")
        #expect(server.requests.count == 1)
    }

    /// An answer to a write that is not HTTP at all (the server may have applied the write and
    /// then sent garbage) is ambiguous, never a plain failure that a resume would send again.
    @Test func garbageAnswerToAWriteIsAmbiguous() async throws {
        let server = try ScriptedServer { _, _ in .raw("\u{0}\u{FF} garbage\r\n\r\n") }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError {
            _ = try await svc.send(
                APIRequest(.leeloo, "POST", "/api/v2/messages/send-message", body: .json(["account_id": "1", "text": "hi"])))
        }
        #expect(e?.code == "http.ambiguous")
        #expect(server.requests.count == 1)
    }

    @Test func connectionRefusedIsANetworkError() async {
        let refusing = RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let svc = makeService(base: "http://127.0.0.1:\(refusing.port)", attempts: 2)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(e?.code == "network.refused")
        #expect(e?.exitStatus == .network)
    }

    @Test func writeToRefusedPortIsRetriedThenNetworkError() async {
        let refusing = RefusingPort()
        defer { withExtendedLifetime(refusing) {} }
        let svc = makeService(base: "http://127.0.0.1:\(refusing.port)", attempts: 2)
        let e = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "POST", "/api/v2/orders", body: .json([:])))
        }
        #expect(e?.code == "network.refused")
    }

    @Test func truncatedJSONIsABadBody() async throws {
        let server = try ScriptedServer { _, _ in .status(200, "OK", body: #"{"status":1,"data":[{"id":"#) }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(e?.code == "http.bad-body")
        #expect(e?.exitStatus == .network)
        #expect(e?.message.contains("cut off") == true)
    }

    @Test func bodyCutOffByTheConnectionIsABadBodyAfterRetries() async throws {
        let server = try ScriptedServer { _, _ in
            .raw("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"data\":[")
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL, attempts: 2)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(e?.code == "http.bad-body")
        #expect(e?.message.contains("cut off") == true)
        #expect(server.requests.count == 2)
    }

    @Test func htmlBodyIsAClearError() async throws {
        let server = try ScriptedServer { _, _ in
            .status(200, "OK", body: "<html><body>Login</body></html>", headers: [("Content-Type", "text/html")])
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(e?.code == "http.bad-body")
        #expect(e?.message.contains("returned HTML, not JSON") == true)
    }

    @Test func writeWithHTMLIn2xxIsAmbiguous() async throws {
        let server = try ScriptedServer { _, _ in
            .status(200, "OK", body: "<html>proxy</html>", headers: [("Content-Type", "text/html")])
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "POST", "/api/v2/messages/send-message", body: .json([:])))
        }
        #expect(e?.code == "http.ambiguous")
        #expect(e?.message.contains("returned HTML, not JSON") == true)
        #expect(server.requests.count == 1)
    }

    @Test func redirectIsReportedNotFollowed() async throws {
        let server = try ScriptedServer { _, _ in
            .status(301, "Moved Permanently", body: "", headers: [("Location", "http://elsewhere.invalid/")])
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags")) }
        #expect(e?.code == "http.status")
        #expect(e?.help?.contains("elsewhere.invalid") == true)
        #expect(server.requests.count == 1)
    }

    @Test func aRefusedBodyNamesEachFieldInsteadOfQuotingJSON() async throws {
        let server = try ScriptedServer { _, _ in
            .status(
                400, "Bad Request",
                body: #"{"status":0,"error":{"fields":{"foo":"UNKNOWN_FIELD","leadgentool_id":"REQUIRED"},"code":"FORMAT_ERROR"}}"#)
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "POST", "/api/v2/people", body: .json(["foo": 1])))
        }
        #expect(e?.code == "http.status")
        #expect(
            e?.message
                == "POST /api/v2/people failed: 400 Bad Request: FORMAT_ERROR (foo: UNKNOWN_FIELD, leadgentool_id: REQUIRED)")
    }

    @Test func leelooStatusZeroInA200IsAnAPIError() async throws {
        let server = try ScriptedServer { _, _ in
            .status(200, "OK", body: #"{"status":0,"error":{"code":"VALIDATION_ERROR","fields":{"phone":"INVALID"}}}"#)
        }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL)
        let e = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "POST", "/api/v2/people", body: .json([:])))
        }
        #expect(e?.code == "api.error")
        #expect(e?.exitStatus == .api)
        #expect(e?.message.contains("VALIDATION_ERROR (phone: INVALID)") == true)
        #expect(server.requests.count == 1)
    }

    @Test func connectionResetIsRetriedForGetAndAmbiguousForWrites() async throws {
        let server = try ScriptedServer { _, _ in .reset }
        defer { server.stop() }
        let svc = makeService(base: server.baseURL, attempts: 2)
        let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people")) }
        #expect(e?.exitStatus == .network)
        #expect(e?.code.hasPrefix("network.") == true || e?.code == "http.bad-body")
        #expect(server.requests.count == 2)
        let w = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "POST", "/api/v2/messages/send-message", body: .json([:])))
        }
        #expect(w?.code == "http.ambiguous")
        #expect(server.requests.count == 3)
    }

    @Test func readTimeoutOfAWriteIsAmbiguous() async throws {
        let server = try ScriptedServer { _, _ in .hang }
        defer { server.stop() }
        let p = Profile(
            name: "t-\(UUID().uuidString)", safetyClass: .demo, leelooURL: server.baseURL,
            leelooToken: "tok-leeloo-1234567890")
        var o = quickOptions()
        o.readTimeout = 0.2
        let svc = HTTPAPIService(profile: p, options: o, notice: { _ in })
        let e = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "POST", "/api/v2/calls", body: .json([:])))
        }
        #expect(e?.code == "http.ambiguous")
        #expect(server.requests.count == 1)
        o.maxAttempts = 2
        let reader = HTTPAPIService(profile: p, options: o, notice: { _ in })
        let r = await crmError { _ = try await reader.send(APIRequest(.leeloo, "GET", "/api/v2/calls")) }
        #expect(r?.code == "network.timeout")
        #expect(server.requests.count == 3)
    }

    @Test func tokensEchoedByTheServerAreRedactedInErrorsAndTraces() async throws {
        let server = try ScriptedServer { req, _ in
            let echoed = req.headers["x-leeloo-authtoken"] ?? req.headers["authorization"] ?? ""
            return .status(
                400, "Bad Request", body: #"{"status":0,"error":{"code":"BAD","fields":{"token":"\#(echoed)"}}}"#)
        }
        defer { server.stop() }
        let notices = Notices()
        let svc = makeService(base: server.baseURL, notices: notices)
        svc.verbose = true
        let a = await crmError {
            _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people", query: [("authToken", "x1234")]))
        }
        let b = await crmError { _ = try await svc.send(APIRequest(.chattonic, "GET", "/lead/funnels")) }
        let text = [a?.rendered ?? "", b?.rendered ?? ""] + notices.all
        #expect(a?.code == "http.status" && b?.code == "http.status")
        for t in ["tok-leeloo-1234567890", "tok-chattonic-1234567890", "x1234"] {
            #expect(!text.joined(separator: "\n").contains(t))
        }
        #expect(a?.message.contains("***") == true)
    }

    @Test func verboseTraceRedactsTokens() async throws {
        let server = try ScriptedServer { _, _ in .status(200, "OK", body: "{}") }
        defer { server.stop() }
        let notices = Notices()
        let svc = makeService(base: server.baseURL, notices: notices)
        svc.verbose = true
        _ = try await svc.send(
            APIRequest(.chattonic, "GET", "/archive/list", query: [("prefix", "funnels/")], auth: .appTokenQuery))
        let line = notices.all.first ?? ""
        #expect(
            line.hasPrefix(
                "GET \(server.baseURL)/chattonic/api/v1/demo/archive/list?prefix=funnels%2F&token=*** → 200 ("))
        #expect(!line.contains("tok-app"))
        #expect(server.requests.first?.target.contains("token=tok-app-1234567890") == true)
    }

    @Test func curlModeSendsNothing() async throws {
        let server = try ScriptedServer { _, _ in .status(200, "OK", body: "{}") }
        defer { server.stop() }
        let notices = Notices()
        let svc = makeService(base: server.baseURL, notices: notices)
        svc.curlMode = true
        let v = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags"))
        #expect(v == .null)
        let c = svc.stream(
            APIRequest(.leeloo, "GET", "/api/v2/people"), paging: .leelooOffset(pageSize: 50), limit: nil
        ).makeCursor()
        #expect(try await c.next() == nil)
        #expect(server.requests.isEmpty)
        #expect(notices.all.count == 2)
        #expect(notices.all.last?.contains("limit=50&offset=0") == true)
    }
}
