import CRMCore
import CRMSandbox
import Foundation
import Testing

@testable import CRMClient

/// The contract tests: each response example of the vendor pages (and of the reference where a
/// page shows none), kept in `ContractExample.all`, against the sandbox's answer to the same
/// request: the same keys at every level and the same JSON types.
@Suite struct ContractTests {
    @Test(arguments: ContractExample.all.map(\.id))
    func sandboxAnswersInTheDocumentedShape(_ id: String) async throws {
        let example = try #require(ContractExample.named(id))
        try await SandboxTests.withSandbox(people: 120) { _, svc, _ in
            var values: [String: String] = [:]
            if example.request.query.contains(where: { $0.1 == "{archive_file}" }) {
                values["archive_file"] = try await Self.archiveFile(svc)
            }
            var runner = ContractRunner(values: values) { try await svc.send($0) }
            let differences = try await runner.differences(example)
            #expect(differences.isEmpty, "\(example.id) (\(example.page), \(example.section)): \(differences)")
        }
    }

    @Test func everyExampleIsValidJSONWithItsPageAndSection() {
        var ids = Set<String>()
        for example in ContractExample.all {
            #expect(example.expected != nil, "\(example.id) is not valid JSON")
            #expect(!example.page.isEmpty && !example.section.isEmpty)
            #expect(ids.insert(example.id).inserted, "\(example.id) twice")
            for need in example.needs { #expect(ContractExample.named(need.example) != nil, "\(need.example)") }
        }
    }

    @Test func extensionsServeTheUndocumentedFieldsAgain() async throws {
        try await SandboxTests.withSandbox(people: 50, configure: { $0.extensions = true }) { _, svc, _ in
            var runner = ContractRunner { try await svc.send($0) }
            let tunnel = try await runner.differences(try #require(ContractExample.named("v2-tunnel")))
            #expect(tunnel.map(\.description) == ["data.links.blocks: extra (array)"])
            let account = try await runner.differences(try #require(ContractExample.named("v1-account")))
            #expect(account.map(\.description) == ["included.orders[].id: extra (string)"])
        }
    }

    /// The first archive file of the sandbox: the listing walked three levels down.
    static func archiveFile(_ svc: HTTPAPIService) async throws -> String {
        var prefix = ""
        for _ in 0..<3 {
            let list = try await svc.send(
                APIRequest(
                    .chattonic, "GET", "/archive/list", query: [("format", "csv"), ("prefix", prefix)],
                    auth: .appTokenQuery))
            prefix = list[field: "objects"]?.listValue?.first?[field: "complete"]?.stringValue ?? ""
        }
        return prefix
    }
}
