import CRMCommands
import CRMCore
import CRMSandbox
import Testing

/// Every endpoint a command declares is served by the sandbox, and every sandbox route has a command.
@Suite("endpoint coverage")
struct CoverageTests {
    /// `METHOD /path/{}` with placeholder names erased.
    static func normalize(_ method: String, _ path: String) -> String {
        var out = ""
        var inBrace = false
        for ch in path {
            if ch == "{" {
                inBrace = true
                out += "{}"
                continue
            }
            if ch == "}" {
                inBrace = false
                continue
            }
            if !inBrace { out.append(ch) }
        }
        return method.uppercased() + " " + out
    }

    @Test func commandsAndSandboxAgree() {
        let declared = Set(APICommands.endpointsCovered.map { Self.normalize($0.method, $0.path) })
        let served = Set(SandboxServer.routes.map { Self.normalize($0.method, $0.path) })
        let unserved = declared.subtracting(served).sorted()
        let uncommanded = served.subtracting(declared).sorted()
        #expect(unserved.isEmpty, "declared by commands but not served: \(unserved)")
        #expect(uncommanded.isEmpty, "served but no command: \(uncommanded)")
    }
}
