import AsyncHTTPClient
import Testing

@testable import CRMSandbox

@Suite("Sandbox lifecycle")
struct SandboxLifecycleTests {
    @Test func busyPortFailsWithSentence() async throws {
        try await Harness.with { h in
            var options = SandboxOptions()
            options.people = 5
            options.port = h.server.port
            let second = SandboxServer(options: options)
            await #expect(throws: SandboxStartError.self) { try await second.start() }
            await second.stop()
        }
    }

    @Test func stopWithOpenConnectionAndTwice() async throws {
        var options = SandboxOptions()
        options.people = 5
        let server = SandboxServer(options: options)
        try await server.start()
        try await server.start()
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            var request = HTTPClientRequest(url: server.leelooBaseURL + "/_sandbox/stats")
            request.method = .GET
            let response = try await client.execute(request, timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1 << 20)
            #expect(response.status.code == 200)
        } catch {
            // A client dropped without shutdown() traps in its deinit and takes the test run with it.
            try? await client.shutdown()
            throw error
        }
        await server.stop()
        await server.stop()
        try await client.shutdown()
    }
}
