import CRMCore
import Foundation
import Testing

/// The language spec: every `Scripts/<feature>/*.crm` runs through `ScriptRunner` and must print
/// exactly its `# expect:` lines to stdout, its `# expect error:` lines to stderr, and end with
/// its `# expect exit:` status (0 when there are no expected errors). `# expect help:` is the
/// help line of the error before it. `# args:` sets `$args`.
@Suite struct GoldenScriptTests {
    static let root: URL? = Bundle.module.url(forResource: "Scripts", withExtension: nil)

    static let scripts: [String] = {
        guard let root, let e = FileManager.default.enumerator(atPath: root.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".crm") && !$0.contains("/lib/") }.sorted()
    }()

    @Test func thereAreEnoughScripts() {
        #expect(Self.scripts.count >= 60)
    }

    @Test(arguments: scripts)
    func script(_ path: String) async throws {
        let root = try #require(Self.root)
        let url = root.appendingPathComponent(path)
        let text = try String(contentsOf: url, encoding: .utf8)
        var out: [String] = []
        var err: [String] = []
        var exit: Int32?
        var args: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard let r = line.range(of: "# expect") ?? line.range(of: "# args:") else { continue }
            let directive = line[r.lowerBound...]
            if let v = directive.dropping("# expect: ") {
                out.append(v)
            } else if let v = directive.dropping("# expect error: ") {
                err.append(v)
            } else if let v = directive.dropping("# expect help: "), !err.isEmpty {
                err[err.count - 1] += "\n  help: " + v
            } else if let v = directive.dropping("# expect exit: ") {
                exit = Int32(v)
            } else if let v = directive.dropping("# args: ") {
                args = v.split(separator: " ").map(String.init)
            }
        }
        let result = await TestHost.run(
            text, file: url.lastPathComponent, args: args, directory: url.deletingLastPathComponent())
        #expect(result.stdout == out, "stdout of \(path)")
        #expect(result.stderr == err, "stderr of \(path)")
        #expect(result.status == (exit ?? 0), "exit status of \(path)")
    }
}

extension Substring {
    func dropping(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
