import CRMCore
import CRMSandbox
import Foundation
import Testing

@testable import CRMClient

/// Happy paths and paging against the real sandbox on 127.0.0.1 port 0.
@Suite struct SandboxTests {
    static func withSandbox(
        people: Int = 250, configure: (inout SandboxOptions) -> Void = { _ in }, attempts: Int = 3,
        _ body: (SandboxServer, HTTPAPIService, Notices) async throws -> Void
    ) async throws {
        var o = SandboxOptions()
        o.people = people
        configure(&o)
        let server = SandboxServer(options: o)
        try await server.start()
        let notices = Notices()
        let session = try Session(configURL: nil, environment: [:])
        session.registerDemoProfile(
            leelooURL: server.leelooBaseURL, chattonicURL: server.chattonicBaseURL, leelooToken: o.leelooToken,
            chattonicToken: o.chattonicToken, appToken: o.chattonicAppToken, codename: o.codename)
        // A unique profile name keeps parallel tests' rate schedulers apart.
        var p = try #require(session.currentProfile)
        p.name = "sandbox-\(UUID().uuidString)"
        let svc = HTTPAPIService(profile: p, options: quickOptions(attempts: attempts), notice: notices.handler)
        do {
            try await body(server, svc, notices)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    static func peopleRequests(_ svc: HTTPAPIService) async throws -> Int {
        var r = APIRequest(.leeloo, "GET", "/_sandbox/stats")
        r.auth = .none
        let stats = try await svc.send(r)
        return stats[field: "requests"]?[field: "byRoute"]?[field: "GET /api/v2/people"]?.intValue ?? 0
    }

    @Test func peopleStreamWalksEveryPage() async throws {
        try await Self.withSandbox(people: 250) { _, svc, _ in
            let stream = svc.stream(
                APIRequest(.leeloo, "GET", "/api/v2/people", query: everyDate), paging: .leelooOffset(pageSize: 100),
                limit: nil)
            let cursor = stream.makeCursor()
            var ids = Set<String>()
            while let v = try await cursor.next() {
                if let id = v[field: "id"]?.stringValue { ids.insert(id) }
            }
            #expect(ids.count == 250)
            #expect(cursor.expectedCount() == 250)
            #expect(try await Self.peopleRequests(svc) == 3)
        }
    }

    @Test func streamSurvivesFaultsWithRetries() async throws {
        try await Self.withSandbox(
            people: 300,
            configure: { o in
                o.fault5xx = 0.15
                o.fault429 = 0.1
                o.faultReset = 0.05
                o.seed = 7
            }, attempts: 10
        ) { _, svc, notices in
            let stream = svc.stream(
                APIRequest(.leeloo, "GET", "/api/v2/people", query: everyDate), paging: .leelooOffset(pageSize: 20),
                limit: nil)
            let all = try await PipelineData.stream(stream).collect()
            let ids = Set(all.listValue?.compactMap { $0[field: "id"]?.stringValue } ?? [])
            #expect(ids.count == 300)
            // Every secret stays out of what the client reported.
            for line in notices.all { #expect(!line.contains("sandbox-leeloo-token")) }
        }
    }

    @Test func rateLimitedSandboxIsWaitedOut() async throws {
        try await Self.withSandbox(people: 120, configure: { $0.rateLimit = 50 }, attempts: 10) { _, svc, _ in
            let stream = svc.stream(
                APIRequest(.leeloo, "GET", "/api/v2/people", query: everyDate), paging: .leelooOffset(pageSize: 5),
                limit: nil)
            let all = try await PipelineData.stream(stream).collect()
            #expect(all.listValue?.count == 120)
        }
    }

    @Test func firstFiveFetchesOnePage() async throws {
        try await Self.withSandbox { _, svc, _ in
            let stream = svc.stream(
                APIRequest(.leeloo, "GET", "/api/v2/people", query: everyDate), paging: .leelooOffset(pageSize: 100),
                limit: nil)
            let five = try await PipelineData.stream(stream).collect(limit: 5)
            #expect(five.listValue?.count == 5)
            #expect(try await Self.peopleRequests(svc) == 1)
        }
    }

    @Test func limitCapsItemsAndPageSize() async throws {
        try await Self.withSandbox { _, svc, _ in
            let stream = svc.stream(
                APIRequest(.leeloo, "GET", "/api/v2/people", query: everyDate), paging: .leelooOffset(pageSize: 100),
                limit: 7)
            let all = try await PipelineData.stream(stream).collect()
            #expect(all.listValue?.count == 7)
            #expect(try await Self.peopleRequests(svc) == 1)
        }
    }

    @Test func getOnePersonAndTags() async throws {
        try await Self.withSandbox { _, svc, _ in
            let page = try await svc.send(
                APIRequest(.leeloo, "GET", "/api/v2/people", query: [("limit", "1"), ("offset", "0")] + everyDate))
            let id = try #require(page[field: "data"]?.listValue?.first?[field: "id"]?.stringValue)
            let person = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people/\(id)"))
            #expect(person[field: "data"]?[field: "id"]?.stringValue == id)
            let missing = await crmError {
                _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/people/000000000000000000000000"))
            }
            #expect(missing?.exitStatus == .api)
            #expect(missing?.message.hasPrefix("GET /api/v2/people/000000000000000000000000 failed") == true)
        }
    }

    @Test func chattonicRecordsStreamPages() async throws {
        try await Self.withSandbox { _, svc, _ in
            let stream = svc.stream(
                APIRequest(.chattonic, "GET", "/messageuser"),
                paging: .chattonicSkip(pageSize: 10, itemsKey: "objects"), limit: 25)
            let all = try await PipelineData.stream(stream).collect()
            #expect(all.listValue?.count == 25)
            #expect(all.listValue?.first?[field: "_id"] != nil)
        }
    }

    @Test func chattonicLoginNeedsNoTokenOrCodename() async throws {
        try await Self.withSandbox { server, _, _ in
            let p = Profile(
                name: "login-\(UUID().uuidString)", safetyClass: .demo, chattonicURL: server.chattonicBaseURL)
            let svc = HTTPAPIService(profile: p, options: quickOptions(), notice: { _ in })
            let login = try await svc.send(
                APIRequest(
                    .chattonic, "POST", "/api/v1/user/login", body: .json(["username": "demo", "password": "demo"]),
                    auth: .none, usesCodename: false))
            #expect(login[field: "appCodename"] == "demo")
            #expect(login[field: "token"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func wrongTokenIsRejectedBySandbox() async throws {
        try await Self.withSandbox { server, _, _ in
            let p = Profile(
                name: "bad-\(UUID().uuidString)", safetyClass: .demo, leelooURL: server.leelooBaseURL,
                leelooToken: "wrong-token-value")
            let svc = HTTPAPIService(profile: p, options: quickOptions(), notice: { _ in })
            let e = await crmError { _ = try await svc.send(APIRequest(.leeloo, "GET", "/api/v2/tags")) }
            #expect(e?.code == "auth.rejected")
            #expect(e?.message.contains("wrong-token-value") == false)
        }
    }
}
