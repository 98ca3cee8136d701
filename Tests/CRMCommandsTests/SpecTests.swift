import CRMCore
import Testing

@testable import CRMCommands

@Suite("Command declarations")
struct SpecTests {
    let specs = APICommands.commands().map(\.spec)

    @Test func everySpecIsDocumented() {
        for spec in specs {
            #expect(!spec.summary.isEmpty, "\(spec.name) has no summary")
            #expect(!spec.examples.isEmpty && spec.examples.count <= 3, "\(spec.name) needs 1–3 examples")
            if spec.group != "session" && spec.group != "raw" {
                #expect(!spec.endpoints.isEmpty, "\(spec.name) declares no endpoint")
            }
            for example in spec.examples { #expect(example.contains(spec.name), "\(spec.name): '\(example)'") }
        }
    }

    @Test func namesAndAliasesAreUnique() {
        let names = specs.flatMap { [$0.name] + $0.aliases }
        #expect(Set(names).count == names.count)
    }

    @Test func dynamicCompletionKindsAreKnown() {
        let known = Set(DynamicValues.kinds + ["profiles"])
        for spec in specs {
            let sources = spec.flags.map(\.completion) + spec.parameters.map(\.completion)
            for case .dynamic(let kind) in sources { #expect(known.contains(kind), "\(spec.name) uses '\(kind)'") }
        }
    }

    @Test func writesAndSecretsAreMarked() {
        for spec in specs where spec.endpoints.contains(where: { $0.method != "GET" }) && spec.name != "login" {
            #expect(spec.isWrite, "\(spec.name) writes but is not marked isWrite")
        }
        for name in ["login", "set-token", "profile add"] {
            #expect(specs.first { $0.name == name }?.isSecretLine == true)
        }
        let secretFlags = specs.flatMap(\.flags).filter(\.isSecret).map(\.name)
        #expect(Set(secretFlags) == ["leeloo-token", "chattonic-token", "app-token"])
    }

    @Test func endpointsCoveredListsEveryDocumentedEndpointOnce() {
        let covered = APICommands.endpointsCovered
        #expect(Set(covered).count == covered.count)
        let expected: [EndpointSpec] = [
            EndpointSpec(.leeloo, "GET", "/api/v2/people"),
            EndpointSpec(.leeloo, "PUT", "/api/v2/people/{person_id}/add-tag"),
            EndpointSpec(.leeloo, "GET", "/api/v1/accounts"),
            EndpointSpec(.leeloo, "POST", "/api/v1/messages/send-template"),
            EndpointSpec(.leeloo, "GET", "/api/v2/tunnels/{tunnel_id}/stats"),
            EndpointSpec(.chattonic, "POST", "/api/v1/user/login"),
            EndpointSpec(.chattonic, "GET", "/api/v1/{codename}/lead/records"),
            EndpointSpec(.chattonic, "GET", "/api/v1/{codename}/archive/url"),
        ]
        for e in expected { #expect(covered.contains(e), "\(e.method) \(e.path)") }
        // 30 Leeloo v2 + 13 v1 (incl. the unofficial ones) + 10 Chat-Tonic endpoints.
        #expect(covered.filter { $0.path.hasPrefix("/api/v2") }.count == 30)
        #expect(covered.filter { $0.api == .chattonic }.count == 10)
    }
}
