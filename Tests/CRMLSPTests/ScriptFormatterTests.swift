import CRMCore
import CRMLSP
import CRMLanguage
import Foundation
import Testing

/// `crm fmt`: layout only, idempotent, comments and multi-line strings kept.
@Suite("crm fmt")
struct ScriptFormatterTests {
    @Test func reindentsTrimsAndCollapsesBlankLines() throws {
        let messy = """
            #!/usr/bin/env crm
                 # a comment, Жанна 😀   



            def greet(name) {
            echo "hi $name"   
                    if $name == "Ann" {
              echo vip
                } else {
            echo other }
            }
            set xs = [
            1,
                2
            ]
            people --tag vip \\
            | count


            """
        let expected = """
            #!/usr/bin/env crm
            # a comment, Жанна 😀

            def greet(name) {
              echo "hi $name"
              if $name == "Ann" {
                echo vip
              } else {
                echo other }
            }
            set xs = [
              1,
              2
            ]
            people --tag vip \\
              | count

            """
        let formatted = try ScriptFormatter.format(messy, file: "t.crm")
        #expect(formatted == expected)
        #expect(try ScriptFormatter.format(formatted, file: "t.crm") == formatted)
    }

    @Test func multiLineStringsAreKeptAsTheyAre() throws {
        let text = "if true {\n      echo \"line one   \n   line two\"\n}\n"
        let formatted = try ScriptFormatter.format(text, file: "t.crm")
        #expect(formatted == "if true {\n  echo \"line one   \n   line two\"\n}\n")
    }

    @Test func aScriptThatDoesNotParseIsRefused() {
        #expect(throws: SyntaxErrors.self) { try ScriptFormatter.format("if {\n", file: "t.crm") }
    }

    /// The scripts that pin the language: formatting twice changes nothing the second time, and
    /// the formatted script means the same (same errors, same calls, same definitions).
    @Test func everyGoldenScriptAndExampleFormatsIdempotently() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let dirs = [
            root.appendingPathComponent("Tests/CRMLanguageTests/Scripts"), root.appendingPathComponent("examples"),
        ]
        var count = 0
        var changed = 0
        let commands = TestCommands.registry
        for dir in dirs {
            guard let walker = FileManager.default.enumerator(atPath: dir.path) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".crm") {
                let path = dir.appendingPathComponent(relative).path
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
                // A script that pins a syntax error does not format.
                guard let once = try? ScriptFormatter.format(text, file: path) else { continue }
                count += 1
                if once != text { changed += 1 }
                #expect(try ScriptFormatter.format(once, file: path) == once, "\(relative)")
                let read: (String, String?) throws -> (text: String, name: String) = { p, _ in
                    throw CRMError("io.not-found", "no '\(p)'")
                }
                let a = ScriptOutline.analyze(text, file: path, commands: commands, readSource: read)
                let b = ScriptOutline.analyze(once, file: path, commands: commands, readSource: read)
                #expect(a.errors.map(\.message) == b.errors.map(\.message), "\(relative)")
                #expect(a.calls.map(\.word) == b.calls.map(\.word), "\(relative)")
                #expect(a.definitions.map(\.name) == b.definitions.map(\.name), "\(relative)")
            }
        }
        #expect(count > 100)
        print("crm fmt: \(count) scripts, \(changed) changed by formatting")
    }

    @Test func theServerFormatsTheWholeDocument() {
        var s = Session.started()
        _ = s.open("if true {\necho Ж\n}")
        let edits = s.request(
            "textDocument/formatting", ["textDocument": ["uri": "file:///tmp/a.crm"], "options": [:]])
        let edit = edits[field: "result"]?.listValue?.first
        #expect(edit?[field: "newText"] == "if true {\n  echo Ж\n}\n")
        #expect(edit?[field: "range"]?[field: "end"] == ["line": 2, "character": 1])
    }
}
