import CRMCore
import CRMLSP
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A scripted LSP client: the real built `crm lsp` over pipes, with the shell's real registry.
///
/// The whole session (including malformed messages) is written up front and ends with
/// `shutdown` and `exit`, then the answers are read to the end of the output: no timing, no
/// sleeps. Pipes are read and the process waited for on threads of their own (see PITFALLS).
@Suite("crm lsp end to end")
struct LSPClientTests {
    /// The built `crm`, next to the test bundle (present whenever the full package is built).
    static var binary: URL? {
        let candidates = [
            URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("crm"),
            Bundle.main.bundleURL.appendingPathComponent("crm"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("crm"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static let uri = "file:///tmp/lsp-e2e/vip.crm"
    static let script = """
        # Жанна's VIP list 😀
        set tag = "vip"
        def greet(name) { echo "hi $name" }
        peple --tag $tag
        people --tag $tag | first 3
        greet Ann

        """

    static func message(_ id: Int?, _ method: String, _ params: Value = .null) -> [UInt8] {
        var m: Record = ["jsonrpc": "2.0", "method": .string(method), "params": params]
        if let id { m["id"] = .int(id) }
        return MessageWriter.frame(Value.record(m).toJSON())
    }

    static func at(_ line: Int, _ character: Int) -> Value {
        ["textDocument": ["uri": .string(uri)], "position": ["line": .int(line), "character": .int(character)]]
    }

    /// The bytes a client sends in this session.
    static var session: [UInt8] {
        var out = message(1, "initialize", ["processId": .null, "capabilities": [:]])
        out += message(nil, "initialized", [:])
        out += Array("Content-Length: abc\r\n\r\n".utf8)  // bad framing
        out += MessageWriter.frame("{\"jsonrpc\": \"2.0\", \"id\": 9, ")  // invalid JSON
        out += message(2, "workspace/unknownThing", [:])
        out += message(nil, "$/unknownNotification", [:])
        out += message(
            nil, "textDocument/didOpen",
            ["textDocument": ["uri": .string(uri), "languageId": "crm", "version": 1, "text": .string(script)]])
        out += message(3, "textDocument/completion", at(4, 3))  // `peo|ple`
        out += message(4, "textDocument/completion", at(4, 10))  // `people --t|ag`
        out += message(5, "textDocument/hover", at(4, 2))
        out += message(6, "textDocument/documentSymbol", ["textDocument": ["uri": .string(uri)]])
        out += message(7, "textDocument/definition", at(5, 1))  // `greet` → its def
        out += message(10, "textDocument/completion", at(4, 13))  // `people --tag |`: server values are not fetched
        out += message(8, "shutdown")
        out += message(nil, "exit")
        return out
    }

    struct Outcome {
        var messages: [Value]
        var framingErrors: [String]
        var status: Int32
        var stderr: String
        /// Standard output as text.
        var raw = ""

        func response(_ id: Int) -> Value? { messages.first { $0[field: "id"] == .int(id) } }
    }

    /// Runs `crm lsp` with `input` and collects everything it wrote.
    static func run(
        _ input: [UInt8], binary: URL, env: [String: String] = [:], arguments: [String] = ["lsp"]
    ) async throws -> Outcome {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/nonexistent"].merging(env) { $1 }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        p.standardInput = stdin
        p.standardOutput = stdout
        p.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in exited.signal() }
        try p.run()
        let (out, err): (Data, Data) = await withCheckedContinuation { c in
            Thread {
                let errBox = Box()
                let errDone = DispatchSemaphore(value: 0)
                Thread {
                    errBox.data = stderr.fileHandleForReading.readDataToEndOfFile()
                    errDone.signal()
                }.start()
                Thread {
                    stdin.fileHandleForWriting.write(Data(input))
                    try? stdin.fileHandleForWriting.close()
                }.start()
                let o = stdout.fileHandleForReading.readDataToEndOfFile()
                errDone.wait()
                exited.wait()
                c.resume(returning: (o, errBox.data))
            }.start()
        }
        var reader = MessageReader()
        reader.append(Array(out))
        var messages: [Value] = []
        var framing: [String] = []
        while let event = reader.next() {
            switch event {
            case .message(var body): messages.append(try Value.parseJSON(bytes: &body))
            case .framingError(let m): framing.append(m)
            }
        }
        return Outcome(
            messages: messages, framingErrors: framing, status: p.terminationStatus,
            stderr: String(decoding: err, as: UTF8.self), raw: String(decoding: out, as: UTF8.self))
    }

    @Test(.enabled(if: LSPClientTests.binary != nil, "needs the built crm (a full, not CRM_LIGHT, build)"))
    func scriptedSession() async throws {
        let binary = try #require(Self.binary)
        let o = try await Self.run(Self.session, binary: binary)
        #expect(o.status == 0, "stderr: \(o.stderr)")
        #expect(o.framingErrors.isEmpty)

        let caps = o.response(1)?[field: "result"]?[field: "capabilities"]
        #expect(caps?[field: "definitionProvider"] == .bool(true))

        // Bad framing and invalid JSON: error responses without an id, and the server went on.
        let anonymous = o.messages.filter { $0[field: "id"] == .null && $0[field: "error"] != nil }
        #expect(anonymous.map { $0[field: "error"]?[field: "code"] } == [.int(-32700), .int(-32700)])
        #expect(o.response(2)?[field: "error"]?[field: "code"] == .int(-32601))
        #expect(o.response(9) == nil)

        let published = o.messages.filter { $0[field: "method"] == "textDocument/publishDiagnostics" }
        let diagnostics = published.first?[field: "params"]?[field: "diagnostics"]?.listValue ?? []
        let typo = diagnostics.first { $0[field: "message"]?.stringValue?.contains("'peple'") == true }
        #expect(typo?[field: "message"]?.stringValue?.contains("Did you mean 'people'?") == true)
        #expect(typo?[field: "range"] == ["start": ["line": 3, "character": 0], "end": ["line": 3, "character": 5]])
        #expect(diagnostics.count == 1, "\(diagnostics)")

        func labels(_ id: Int) -> [String] {
            (o.response(id)?[field: "result"]?[field: "items"]?.listValue ?? []).compactMap {
                $0[field: "label"]?.stringValue
            }
        }
        #expect(labels(3).contains("people"))
        #expect(labels(4).contains("--tag"))
        let tagItem = o.response(4)?[field: "result"]?[field: "items"]?.listValue?.first {
            $0[field: "label"] == "--tag"
        }
        #expect(tagItem?[field: "documentation"]?[field: "value"]?.stringValue?.isEmpty == false)

        let hover = o.response(5)?[field: "result"]?[field: "contents"]?[field: "value"]?.stringValue ?? ""
        #expect(hover.contains("usage: people"), "\(hover)")

        let symbols = (o.response(6)?[field: "result"]?.listValue ?? []).compactMap { $0[field: "name"]?.stringValue }
        #expect(symbols == ["tag", "greet"])

        #expect(o.response(7)?[field: "result"]?[field: "range"]?[field: "start"] == ["line": 2, "character": 4])
        #expect(o.response(8)?[field: "result"] == .null)
        #expect(o.response(8)?[field: "error"] == nil)
    }

    @Test(.enabled(if: LSPClientTests.binary != nil, "needs the built crm (a full, not CRM_LIGHT, build)"))
    func endOfInputWithoutShutdownExitsOne() async throws {
        let binary = try #require(Self.binary)
        let o = try await Self.run(
            Self.message(1, "initialize", [:]) + Array("Content-Length: 99\r\n\r\n{".utf8), binary: binary)
        #expect(o.status == 1)
        #expect(o.response(1)?[field: "result"] != nil)
    }
}

extension LSPClientTests {
    /// No request leaves the machine: both APIs of the environment profile point at a listening
    /// socket of this test, and after a whole session (diagnostics, completion of flag values,
    /// hover) nobody has connected to it. Checked once crm has exited, with a non-blocking
    /// accept: a connect from crm would already sit in the backlog, so there is nothing to wait for.
    @Test(.enabled(if: LSPClientTests.binary != nil, "needs the built crm (a full, not CRM_LIGHT, build)"))
    func noRequestLeavesTheMachine() async throws {
        let binary = try #require(Self.binary)
        let listener = try #require(LocalListener())
        let url = "http://127.0.0.1:\(listener.port)"
        let env = [
            "CRM_LEELOO_URL": url, "CRM_LEELOO_TOKEN": "t", "CRM_CHATTONIC_URL": url, "CRM_CHATTONIC_CODENAME": "c",
            "CRM_CHATTONIC_TOKEN": "t", "CRM_CHATTONIC_APP_TOKEN": "t",
        ]
        let o = try await Self.run(Self.session, binary: binary, env: env)
        #expect(o.status == 0)
        #expect(o.response(10)?[field: "result"] != nil)
        #expect(listener.hasPendingConnection == false)
    }
}

extension LSPClientTests {
    /// `crm fmt` as a command-line tool: `--check` reports and exits 1, a plain run rewrites the
    /// file, then `--check` passes; a file that does not parse is refused with exit 3; stdin to stdout.
    @Test(.enabled(if: LSPClientTests.binary != nil, "needs the built crm (a full, not CRM_LIGHT, build)"))
    func fmtCommandLine() async throws {
        let binary = try #require(Self.binary)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.crm")
        let broken = dir.appendingPathComponent("b.crm")
        try "if true {\necho Ж   \n}".write(to: file, atomically: true, encoding: .utf8)
        try "if {\n".write(to: broken, atomically: true, encoding: .utf8)
        let check = try await Self.run([], binary: binary, arguments: ["fmt", "--check", file.path])
        #expect(check.status == 1)
        #expect(check.stderr.contains("not formatted"))
        #expect(try await Self.run([], binary: binary, arguments: ["fmt", file.path]).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == "if true {\n  echo Ж\n}\n")
        #expect(try await Self.run([], binary: binary, arguments: ["fmt", "--check", file.path]).status == 0)
        let refused = try await Self.run([], binary: binary, arguments: ["fmt", broken.path])
        #expect(refused.status == 3)
        #expect(try String(contentsOf: broken, encoding: .utf8) == "if {\n")
        let piped = try await Self.run(Array("def f() {\necho 1\n}".utf8), binary: binary, arguments: ["fmt"])
        #expect(piped.status == 0)
        #expect(piped.messages.isEmpty)  // not LSP output; read the raw text below
        #expect(piped.raw == "def f() {\n  echo 1\n}\n")
    }
}

/// A TCP socket listening on 127.0.0.1 on a free port, for `noRequestLeavesTheMachine`.
final class LocalListener {
    let fd: Int32
    let port: Int

    init?() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
                bind(fd, p, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, p, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            return nil
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        self.fd = fd
        self.port = Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Whether a client connected (accepts it to find out; never blocks).
    var hasPendingConnection: Bool {
        let client = accept(fd, nil, nil)
        if client >= 0 { close(client) }
        return client >= 0
    }

    deinit { close(fd) }
}

private final class Box: @unchecked Sendable {
    // @unchecked: written by one thread before a semaphore signal, read after the wait.
    var data = Data()
}
