import Testing

@testable import CRMLineEditor

/// Random lines built from the characters the scanner treats specially must never crash the
/// completer or the history policy. Fixed seed, bounded count: the same inputs on every run.
@Suite("Completer fuzz")
struct CompleterFuzzTests {
    private struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test func randomLinesNeverCrash() {
        let alphabet: [Character] = Array("ab $.[]{}()|;#\"'\\=-:,\n\t0é✓") + ["\r\n"]
        let words = ["people", "get", "--tag", "to", "for", "in", "set", "$person", ".accounts", "source", "login"]
        var random = Generator(state: 42)
        for _ in 0..<2000 {
            var line = ""
            for _ in 0..<random.next(40) {
                if random.next(4) == 0 {
                    line += words[random.next(words.count)]
                } else {
                    line.append(alphabet[random.next(alphabet.count)])
                }
            }
            let cursor = random.next(line.count + 2) - 1
            let result = Completer.complete(line: line, cursor: cursor, context: Fixtures.context)
            #expect(result.replaceFrom >= 0 && result.replaceFrom <= line.count)
            _ = HistoryPolicy.shouldSave(line, specs: Fixtures.specs, secrets: ["secret-value"])
            _ = CompletionList.lines(for: result.items, width: random.next(200))
        }
    }
}
