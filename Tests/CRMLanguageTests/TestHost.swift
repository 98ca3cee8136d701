import CRMBuiltins
import CRMCore
import CRMLanguage
import Foundation

/// A host that renders output as JSON into buffers and reads `source` files relative to a folder.
final class TestHost: InterpreterHost {
    var stdout: [String] = []
    var stderr: [String] = []
    var settings = Settings()
    let directory: URL?
    var api: (any APIService)? { nil }
    var session: (any SessionContext)? { nil }
    var isInteractive: Bool { false }

    init(directory: URL? = nil) { self.directory = directory }

    func emit(_ data: PipelineData) async throws {
        var text = ""
        try await Renderer.write(data, as: .json) { text += $0 }
        if text.hasSuffix("\n") { text.removeLast() }
        if text.isEmpty { return }
        stdout += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func notice(_ text: String) { stderr.append(text) }

    func prompt(_ text: String, secret: Bool) async throws -> String? { nil }

    func readSource(_ path: String, relativeTo: String?) throws -> (text: String, name: String) {
        guard let directory else {
            throw CRMError("source.missing", "Cannot read '\(path)': no such file.", exit: .usage)
        }
        let url = directory.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw CRMError("source.missing", "Cannot read '\(path)': no such file.", exit: .usage)
        }
        return (text, path)
    }

    /// Runs `source` through `ScriptRunner` with the built-in commands.
    static func run(
        _ source: String, file: String = "test.crm", args: [String] = [], directory: URL? = nil,
        commands: (any CommandLookup)? = nil
    ) async -> (stdout: [String], stderr: [String], status: Int32) {
        let host = TestHost(directory: directory)
        var errors: [String] = []
        let status = await ScriptRunner.run(
            source: source, file: file, args: args, commands: commands ?? CommandRegistry(Builtins.commands()),
            host: host,
            errorOutput: { errors.append($0) })
        return (host.stdout, host.stderr + errors, status)
    }
}
