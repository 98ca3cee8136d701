import CRMCore
import CRMLSP
import Testing

/// Malformed params for every method: each request gets exactly one answer (a result or an
/// error), each notification none, and the server keeps working afterwards.
@Suite("LSP hostile input")
struct HostileInputTests {
    static let methods = [
        "textDocument/completion", "textDocument/hover", "textDocument/definition", "textDocument/references",
        "textDocument/documentSymbol", "textDocument/signatureHelp", "textDocument/formatting",
    ]
    static let notifications = ["textDocument/didOpen", "textDocument/didChange", "textDocument/didClose"]

    static let hostileParams: [Value] = [
        .null, 1, "x", [], [:],
        ["textDocument": 5],
        ["textDocument": ["uri": 5]],
        ["textDocument": ["uri": "file:///tmp/a.crm"], "position": "here"],
        ["textDocument": ["uri": "file:///tmp/a.crm"], "position": ["line": -4, "character": -1]],
        [
            "textDocument": ["uri": "file:///tmp/a.crm"],
            "position": ["line": .int(Int.max), "character": .int(Int.max)],
        ],
        ["textDocument": ["uri": "file:///tmp/a.crm"], "position": ["line": 0, "character": 1e300]],
        ["textDocument": ["uri": "file:///tmp/a.crm", "version": .int(Int.max)], "contentChanges": [["text": 3]]],
        ["textDocument": ["uri": "file:///tmp/a.crm", "version": .int(Int.max)], "contentChanges": [["text": "x"]]],
        ["textDocument": ["uri": "file:///tmp/a.crm"], "contentChanges": "all"],
        ["textDocument": ["uri": "file:///tmp/b.crm", "text": .null]],
    ]

    @Test(arguments: HostileInputTests.hostileParams)
    func everyMethodAnswersOnce(params: Value) {
        var s = Session.started()
        _ = s.open("set x = \"Ж😀\"\ndef f(a) { echo $a }\nf $x --nope\npeople --tag ")
        for method in Self.methods {
            let id = s.nextID
            let answers = s.send(
                Value.record(["jsonrpc": "2.0", "id": .int(id), "method": .string(method), "params": params]).toJSON())
            #expect(answers.filter { $0[field: "id"] == .int(id) }.count == 1, "\(method) \(params)")
            s.nextID += 1
        }
        for method in Self.notifications {
            for answer in s.notify(method, params) {
                #expect(answer[field: "method"] == "textDocument/publishDiagnostics", "\(method) \(params)")
            }
        }
        // didClose may have closed it: open again, and the server answers as before.
        _ = s.open("set x = 1")
        #expect(s.request("textDocument/hover", Session.at(0, 4))[field: "result"]?[field: "contents"] != nil)
    }

    @Test func aDefCalledWithAFlagIsDiagnosed() {
        let s = Session.started()
        let out = s.open("def f(a) { echo $a }\nf 1 --loud\n")
        let messages = (out.first?[field: "params"]?[field: "diagnostics"]?.listValue ?? []).compactMap {
            $0[field: "message"]?.stringValue
        }
        #expect(messages.count == 1 && messages[0].contains("'--loud'"), "\(messages)")
    }

    @Test(arguments: [
        "\u{0}\u{1}\u{2}", "{{{{{{{{", "\"unterminated", "for x in { | | }", "def (", "set = =", "$", "${",
        "people --tag \"${\"", String(repeating: "(", count: 5000), String(repeating: "{", count: 5000),
        "echo 😀\r\n\r", "\u{FEFF}echo bom", "\\",
    ])
    func garbageDocumentsAreAnalyzedWithoutCrashing(text: String) {
        var s = Session.started()
        let out = s.open(text)
        #expect(out.count == 1)
        for line in 0..<3 {
            for character in [0, 1, 2, 7, 5000] {
                for method in Self.methods {
                    #expect(s.request(method, Session.at(line, character))[field: "error"] == nil, "\(method)")
                }
            }
        }
    }
}
