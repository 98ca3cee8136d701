import CRMCore
import CRMSandbox
import Testing

@testable import CRMClient

/// Issue 14's bounds of the adaptive read-ahead against the sandbox: request counts from
/// `/_sandbox/stats`, never timings.
@Suite struct ReadAheadSandboxTests {
    static let people = APIRequest(.leeloo, "GET", "/api/v2/people", query: everyDate)
    static let peopleRoute = "GET /api/v2/people"
    static let messageUsersRoute = "GET /chattonic/api/v1/{codename}/messageuser"

    static func stats(_ svc: HTTPAPIService) async throws -> Value {
        var r = APIRequest(.leeloo, "GET", "/_sandbox/stats")
        r.auth = .none
        return try await svc.send(r)
    }

    static func requests(_ svc: HTTPAPIService, _ route: String) async throws -> Int {
        try await stats(svc)[field: "requests"]?[field: "byRoute"]?[field: route]?.intValue ?? 0
    }

    static func ids(_ values: [Value], key: String = "id") -> [String] {
        values.compactMap { $0[field: key]?.stringValue }
    }

    @Test func first150OfPagesOf100IsAtMostTwoRequests() async throws {
        try await SandboxTests.withSandbox(people: 1000, configure: { $0.latencyMs = 5 }) { _, svc, _ in
            let stream = svc.stream(Self.people, paging: .leelooOffset(pageSize: 100), limit: nil)
            let got = try await PipelineData.stream(stream).collect(limit: 150)
            #expect(got.listValue?.count == 150)
            #expect(try await Self.requests(svc, Self.peopleRoute) == 2)
        }
    }

    @Test func aConsumerThatStopsEarlyWastesAtMostTheWindow() async throws {
        try await SandboxTests.withSandbox(people: 5000, configure: { $0.latencyMs = 5 }) { _, svc, _ in
            let stream = svc.stream(Self.people, paging: .leelooOffset(pageSize: 50), limit: nil)
            // 40 pages read by a consumer far faster than the pages: the window is wide open.
            let got = try await PipelineData.stream(stream).collect(limit: 2000)
            #expect(got.listValue?.count == 2000)
            let requests = try await Self.requests(svc, Self.peopleRoute)
            #expect(requests >= 40)
            #expect(requests <= 40 + ReadAheadWindow.cap)
        }
    }

    @Test func pagesAnsweredOutOfOrderAreHandedOverInOrder() async throws {
        try await SandboxTests.withSandbox(
            people: 3000,
            configure: {
                $0.latencyMs = 1
                $0.latencyJitterMs = 25
                $0.seed = 3
            }
        ) { _, svc, _ in
            let stream = svc.stream(Self.people, paging: .leelooOffset(pageSize: 50), limit: nil)
            let streamed = Self.ids(try await PipelineData.stream(stream).collect().listValue ?? [])
            var oneByOne: [String] = []
            for offset in stride(from: 0, to: 3000, by: 100) {
                let page = try await svc.send(
                    APIRequest(
                        .leeloo, "GET", "/api/v2/people",
                        query: [("limit", "100"), ("offset", "\(offset)")] + everyDate))
                oneByOne += Self.ids(page[field: "data"]?.listValue ?? [])
            }
            #expect(streamed.count == 3000)
            #expect(streamed == oneByOne)
            #expect(try await Self.requests(svc, Self.peopleRoute) == 60 + 30)
        }
    }

    @Test(arguments: [5, 7, 100])
    func chattonicOverFetchIsBoundedAndCancelled(pageSize: Int) async throws {
        try await SandboxTests.withSandbox(configure: { $0.latencyMs = 5 }) { _, svc, _ in
            let stream = svc.stream(
                APIRequest(.chattonic, "GET", "/messageuser"),
                paging: .chattonicSkip(pageSize: pageSize, itemsKey: "objects"), limit: nil)
            let all = try await PipelineData.stream(stream).collect().listValue ?? []
            let ids = Self.ids(all, key: "_id")
            #expect(ids.count == 60 && Set(ids).count == 60)
            // The 60 message users: full pages, then a short or empty one.
            let needed = 60 / pageSize + 1
            let requests = try await Self.requests(svc, Self.messageUsersRoute)
            #expect(requests >= needed)
            #expect(requests <= needed + ReadAheadWindow.cap)
        }
    }

    @Test func aFullScanAtTheRateLimitGetsNo429() async throws {
        try await SandboxTests.withSandbox(people: 3000, configure: { $0.rateLimit = 50 }, attempts: 10) { _, svc, _ in
            let stream = svc.stream(Self.people, paging: .leelooOffset(pageSize: 25), limit: nil)
            let all = try await PipelineData.stream(stream).collect().listValue ?? []
            #expect(Set(Self.ids(all)).count == 3000)
            let stats = try await Self.stats(svc)
            #expect(stats[field: "faults"]?[field: "rateLimited"]?.intValue == 0)
            #expect(stats[field: "requests"]?[field: "byRoute"]?[field: Self.peopleRoute]?.intValue == 120)
        }
    }
}
