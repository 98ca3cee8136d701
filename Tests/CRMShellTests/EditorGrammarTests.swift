import CRMLanguage
import Foundation
import Testing

@testable import CRMShell

/// The editor files under editors/ know every keyword of the language and every command of the
/// registry. They are generated (EditorGrammars); `CRM_UPDATE_EDITORS=1` rewrites them.
@Suite("editor grammars")
struct EditorGrammarTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    let specs = ShellRegistry.make().allSpecs

    func read(_ path: String) -> String {
        (try? String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }

    @Test func filesAreUpToDate() throws {
        for (path, text) in EditorGrammars.files(specs: specs) {
            if ProcessInfo.processInfo.environment["CRM_UPDATE_EDITORS"] != nil {
                let url = Self.root.appendingPathComponent(path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
            #expect(
                read(path) == text, "\(path) is stale: run CRM_UPDATE_EDITORS=1 swift test --filter EditorGrammarTests")
        }
    }

    @Test func everyKeywordAndCommandIsHighlighted() throws {
        let vim = read("editors/vim/syntax/crm.vim")
        let tm = read("editors/crm.tmLanguage.json")
        let grammar = try JSONSerialization.jsonObject(with: Data(tm.utf8)) as? [String: Any]
        let repo = grammar?["repository"] as? [String: Any]
        func pattern(_ key: String) -> String { ((repo?[key] as? [String: Any])?["match"] as? String) ?? "" }
        func matches(_ key: String, _ word: String) -> Bool {
            guard let regex = try? NSRegularExpression(pattern: "^" + pattern(key) + "$") else { return false }
            return regex.firstMatch(in: word, range: NSRange(word.startIndex..., in: word)) != nil
        }
        let vimWords = Set(
            vim.split(separator: "\n").filter { $0.hasPrefix("syn keyword ") }.flatMap {
                $0.split(separator: " ").dropFirst(3)
            }
            .map(String.init))
        let keywords = LanguageKeywords.statement + LanguageKeywords.operators + LanguageKeywords.constants
        for k in keywords {
            #expect(vimWords.contains(k), "vim lacks keyword '\(k)'")
            #expect(["keyword", "operator", "constant"].contains { matches($0, k) }, "TextMate lacks keyword '\(k)'")
        }
        for s in specs {
            for word in s.name.split(separator: " ").map(String.init) where !keywords.contains(word) {
                #expect(vimWords.contains(word), "vim lacks '\(word)' of '\(s.name)'")
                #expect(matches("command", word), "TextMate lacks '\(word)' of '\(s.name)'")
            }
        }
        #expect(read("editors/vim/ftdetect/crm.vim").contains("*.crm setfiletype crm"))
    }
}
