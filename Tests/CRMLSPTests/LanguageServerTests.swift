import CRMCore
import CRMLSP
import Testing

/// A small registry standing in for the shell's (the end-to-end tests use the real one).
enum TestCommands {
    static func command(_ spec: CommandSpec) -> Command { Command(spec) { _, input, _ in input } }

    static let registry = CommandRegistry([
        command(
            CommandSpec(
                "people", group: "leeloo v2", summary: "List people.",
                flags: [
                    FlagSpec("tag", .string, "only people with this tag"),
                    FlagSpec("limit", .int, "at most this many"),
                    FlagSpec("sort", .choice(["name", "created"]), "the order"),
                ])),
        command(
            CommandSpec(
                "people get", group: "leeloo v2", summary: "One person.",
                parameters: [ParameterSpec("id", .string, "the id")])),
        command(
            CommandSpec(
                "echo", group: "builtins", summary: "Print values.",
                parameters: [ParameterSpec("values", .any, "values", optional: true, variadic: true)])),
        command(CommandSpec("count", group: "filters", summary: "Count items.", acceptsInput: true)),
    ])

    static var environment: LanguageServerEnvironment {
        LanguageServerEnvironment(
            commands: registry, help: { "HELP \($0.name): \($0.summary)" }, version: "test",
            readSource: { path, _ in throw CRMError("io.not-found", "Cannot read '\(path)'.") })
    }
}

/// Drives a server in memory with JSON text, as the stdio loop would.
struct Session {
    let server = LanguageServer(environment: TestCommands.environment)
    var nextID = 1

    func send(_ json: String) -> [Value] { server.handle(body: Array(json.utf8)) }

    mutating func request(_ method: String, _ params: Value = .null) -> Value {
        let id = nextID
        nextID += 1
        let message: Value = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]
        return send(message.toJSON()).first { $0[field: "id"] == .int(id) } ?? .null
    }

    func notify(_ method: String, _ params: Value = .null) -> [Value] {
        let message: Value = ["jsonrpc": "2.0", "method": .string(method), "params": params]
        return send(message.toJSON())
    }

    static func started() -> Session {
        var s = Session()
        _ = s.request("initialize", ["capabilities": [:]])
        _ = s.notify("initialized", [:])
        return s
    }

    func open(_ text: String, uri: String = "file:///tmp/a.crm") -> [Value] {
        notify(
            "textDocument/didOpen",
            ["textDocument": ["uri": .string(uri), "languageId": "crm", "version": 1, "text": .string(text)]])
    }

    static func at(_ line: Int, _ character: Int, uri: String = "file:///tmp/a.crm") -> Value {
        ["textDocument": ["uri": .string(uri)], "position": ["line": .int(line), "character": .int(character)]]
    }
}

@Suite("LSP server in memory")
struct LanguageServerTests {
    @Test func initializeAnnouncesCapabilities() {
        var s = Session()
        let r = s.request("initialize", ["capabilities": [:]])
        let caps = r[field: "result"]?[field: "capabilities"]
        #expect(caps?[field: "textDocumentSync"]?[field: "change"] == .int(1))
        #expect(caps?[field: "hoverProvider"] == .bool(true))
        #expect(caps?[field: "completionProvider"] != nil)
    }

    @Test func requestsBeforeInitializeAndUnknownMethodsAreErrors() {
        var s = Session()
        #expect(s.request("textDocument/hover", Session.at(0, 0))[field: "error"]?[field: "code"] == .int(-32002))
        _ = s.request("initialize", [:])
        #expect(s.request("workspace/nothing")[field: "error"]?[field: "code"] == .int(-32601))
        #expect(s.notify("workspace/nothing").isEmpty)
        #expect(s.send("{not json")[0][field: "error"]?[field: "code"] == .int(-32700))
        #expect(s.send("[1,2]")[0][field: "error"]?[field: "code"] == .int(-32600))
        #expect(
            s.send("{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}")[0][field: "error"]?[field: "code"]
                == .int(-32600))
        #expect(s.request("textDocument/hover", ["position": 3])[field: "error"]?[field: "code"] == .int(-32602))
    }

    @Test func diagnosticsNameTheTypoWithItsRange() {
        let s = Session.started()
        let out = s.open("# Cyrillic first: Жанна\nset x = 1\npeple --tag vip\npeople --tga vip\n")
        let params = out.first?[field: "params"]
        let diagnostics = params?[field: "diagnostics"]?.listValue ?? []
        #expect(diagnostics.count == 2)
        let first = diagnostics.first
        #expect(first?[field: "message"]?.stringValue?.contains("Did you mean 'people'?") == true)
        #expect(first?[field: "range"]?[field: "start"] == ["line": 2, "character": 0])
        #expect(first?[field: "range"]?[field: "end"] == ["line": 2, "character": 5])
        let second = diagnostics.last
        #expect(second?[field: "message"]?.stringValue?.contains("Did you mean '--tag'?") == true)
        #expect(second?[field: "range"]?[field: "start"] == ["line": 3, "character": 7])
    }

    @Test func syntaxErrorsAreDiagnosedAndAChangeClearsThem() {
        let s = Session.started()
        let bad = s.open("if { \necho \"open")
        #expect((bad.first?[field: "params"]?[field: "diagnostics"]?.listValue ?? []).isEmpty == false)
        let fixed = s.notify(
            "textDocument/didChange",
            ["textDocument": ["uri": "file:///tmp/a.crm", "version": 2], "contentChanges": [["text": "echo ok\n"]]])
        #expect(fixed.first?[field: "params"]?[field: "diagnostics"] == .list([]))
        #expect(fixed.first?[field: "params"]?[field: "version"] == .int(2))
        let closed = s.notify("textDocument/didClose", ["textDocument": ["uri": "file:///tmp/a.crm"]])
        #expect(closed.first?[field: "params"]?[field: "diagnostics"] == .list([]))
    }

    static func labels(_ response: Value) -> [String] {
        (response[field: "result"]?[field: "items"]?.listValue ?? []).compactMap { $0[field: "label"]?.stringValue }
    }

    @Test func completesCommandsFlagsChoicesVariablesAndFunctions() {
        var s = Session.started()
        _ = s.open("set жанна = 1\ndef greet(n) { echo $n }\npeo\npeople --t\npeople --sort \necho $\ngr\npeople g")
        #expect(Self.labels(s.request("textDocument/completion", Session.at(2, 3))) == ["people"])
        let flags = s.request("textDocument/completion", Session.at(3, 10))
        #expect(Self.labels(flags) == ["--tag"])
        let flag = flags[field: "result"]?[field: "items"]?.listValue?.first
        #expect(flag?[field: "documentation"]?[field: "value"] == "only people with this tag")
        #expect(flag?[field: "textEdit"]?[field: "range"]?[field: "start"] == ["line": 3, "character": 7])
        #expect(Self.labels(s.request("textDocument/completion", Session.at(4, 14))) == ["name", "created"])
        #expect(Self.labels(s.request("textDocument/completion", Session.at(5, 6))).contains("$жанна"))
        #expect(Self.labels(s.request("textDocument/completion", Session.at(6, 2))) == ["greet"])
        let sub = s.request("textDocument/completion", Session.at(7, 8))
        #expect(Self.labels(sub) == ["get"])
        #expect(sub[field: "result"]?[field: "items"]?.listValue?.first?[field: "detail"] == "One person.")
    }

    @Test func hoverShowsHelpFlagsAndDefinitions() {
        var s = Session.started()
        _ = s.open("set жанна = \"😀\"\npeople --tag vip | count\necho $жанна")
        let command = s.request("textDocument/hover", Session.at(1, 2))
        #expect(
            command[field: "result"]?[field: "contents"]?[field: "value"]?.stringValue?.contains("HELP people") == true)
        let flag = s.request("textDocument/hover", Session.at(1, 9))
        #expect(
            flag[field: "result"]?[field: "contents"]?[field: "value"]?.stringValue?.contains("only people") == true)
        let variable = s.request("textDocument/hover", Session.at(2, 7))
        #expect(variable[field: "result"]?[field: "contents"]?[field: "value"]?.stringValue?.contains("line 1") == true)
        #expect(s.request("textDocument/hover", Session.at(0, 0))[field: "result"] == .null)
    }

    @Test func symbolsAndDefinitions() {
        var s = Session.started()
        _ = s.open("def greet(n) { echo $n }\nset Ян = 2\nif true { set inner = 1 }\ngreet $Ян\n")
        let symbols = s.request("textDocument/documentSymbol", ["textDocument": ["uri": "file:///tmp/a.crm"]])
        let names = (symbols[field: "result"]?.listValue ?? []).compactMap { $0[field: "name"]?.stringValue }
        #expect(names == ["greet", "Ян"])
        let toDef = s.request("textDocument/definition", Session.at(3, 1))
        #expect(toDef[field: "result"]?[field: "range"]?[field: "start"] == ["line": 0, "character": 4])
        let toVar = s.request("textDocument/definition", Session.at(3, 8))
        #expect(toVar[field: "result"]?[field: "range"]?[field: "start"] == ["line": 1, "character": 4])
    }

    @Test func referencesOfAFunctionAndAVariable() {
        var s = Session.started()
        _ = s.open("def greet(n) { echo $n }\nset Ян = 2\ngreet $Ян\ngreet 3\n")
        let params: Value = [
            "textDocument": ["uri": "file:///tmp/a.crm"], "position": ["line": 2, "character": 1],
            "context": ["includeDeclaration": true],
        ]
        let calls = s.request("textDocument/references", params)[field: "result"]?.listValue ?? []
        #expect(calls.compactMap { $0[field: "range"]?[field: "start"]?[field: "line"]?.intValue } == [0, 2, 3])
        let uses = s.request("textDocument/references", Session.at(1, 5))[field: "result"]?.listValue ?? []
        #expect(uses.compactMap { $0[field: "range"]?[field: "start"] } == [["line": 2, "character": 6]])
    }

    @Test func signatureHelpListsParametersAndFlags() {
        var s = Session.started()
        _ = s.open("people --limit 3 --sort ")
        let help = s.request("textDocument/signatureHelp", Session.at(0, 24))[field: "result"]
        let signature = help?[field: "signatures"]?.listValue?.first
        #expect(signature?[field: "label"]?.stringValue?.hasPrefix("people [--tag <text>]") == true)
        #expect(signature?[field: "parameters"]?.listValue?.count == 3)
        #expect(signature?[field: "activeParameter"] == 2)
        #expect(s.request("textDocument/signatureHelp", Session.at(0, 0))[field: "result"] == .null)
    }

    @Test func defParametersAreVariablesInsideTheirBody() {
        var s = Session.started()
        _ = s.open("set n = 0\ndef greet(who, n) {\n  echo $n $who\n}\necho $\n")
        let toParam = s.request("textDocument/definition", Session.at(2, 8))
        #expect(
            toParam[field: "result"]?[field: "range"] == [
                "start": ["line": 1, "character": 15], "end": ["line": 1, "character": 16],
            ])
        let hover = s.request("textDocument/hover", Session.at(2, 11))
        #expect(hover[field: "result"]?[field: "contents"]?[field: "value"]?.stringValue?.contains("line 2") == true)
        let inside = Self.labels(s.request("textDocument/completion", Session.at(2, 8)))
        #expect(inside.contains("$who"))
        let outside = Self.labels(s.request("textDocument/completion", Session.at(4, 6)))
        #expect(outside.contains("$n") && !outside.contains("$who"), "\(outside)")
        let symbols = s.request("textDocument/documentSymbol", ["textDocument": ["uri": "file:///tmp/a.crm"]])
        let greet = symbols[field: "result"]?.listValue?.first { $0[field: "name"] == "greet" }
        #expect(greet?[field: "range"]?[field: "end"]?[field: "line"] == 2)
    }

    @Test func shutdownThenExit() {
        var s = Session.started()
        #expect(s.request("shutdown")[field: "result"] == .null)
        #expect(s.request("textDocument/hover", Session.at(0, 0))[field: "error"]?[field: "code"] == .int(-32600))
        _ = s.notify("exit")
        #expect(s.server.exitStatus == 0)
    }

    @Test func exitWithoutShutdownIsStatusOne() {
        let s = Session.started()
        _ = s.notify("exit")
        #expect(s.server.exitStatus == 1)
    }
}
