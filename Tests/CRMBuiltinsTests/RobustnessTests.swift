import CRMCore
import Testing

@testable import CRMBuiltins

/// A small deterministic generator (SplitMix64), so the random tests are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Paths, widths and random input")
struct RobustnessTests {
    @Test(arguments: [
        ("name", [FieldPath.Segment.field("name")]), ("a.b", [.field("a"), .field("b")]),
        ("a[0]", [.field("a"), .index(0)]),
        ("accounts.0.account_id", [.field("accounts"), .index(0), .field("account_id")]),
        ("a[-1].b", [.field("a"), .index(-1), .field("b")]), ("[2]", [.index(2)]),
        ("a[ 1 ][2]", [.field("a"), .index(1), .index(2)]),
    ])
    func pathsParse(text: String, segments: [FieldPath.Segment]) throws {
        #expect(try FieldPath(text).segments == segments)
    }

    @Test(arguments: ["", ".", "a.", ".a", "a..b", "a[", "a[x]", "a[0]b", "a[]"])
    func badPathsThrow(text: String) {
        #expect(throws: CRMError.self) { try FieldPath(text) }
    }

    @Test func textWidth() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("日本語") == 6)
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.of("🎉") == 2)
        #expect(TextWidth.truncate("日本語です", to: 5) == "日本…")
        #expect(TextWidth.truncate("abc", to: 3) == "abc")
        #expect(TextWidth.truncate("abcd", to: 0) == "")
    }

    @Test func randomCSVNeverCrashesAndRoundTrips() throws {
        var rng = SeededGenerator(state: 42)
        let alphabet: [Character] = ["a", "é", ",", "\"", "\n", "\r", " ", "日", "1", "."]
        for _ in 0..<300 {
            let text = String(
                (0..<Int.random(in: 0..<40, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
            _ = try? CSVFormat.records(text, infer: true, at: nil)
            let cells = (0..<3).map { _ in String(text.shuffled(using: &rng).prefix(8)) }
            let keys = ["k1", "k2", "k3"]
            let record = Value.record(Record(zip(keys, cells.map(Value.string)).map { ($0, $1) }))
            let csv = Renderer.render([record], as: .csv)
            let back = try CSVFormat.records(csv, infer: false, at: nil)
            #expect(back == [record], "\(csv.debugDescription)")
        }
    }

    @Test func randomTablesFitTheWidth() {
        var rng = SeededGenerator(state: 7)
        for _ in 0..<200 {
            let width = Int.random(in: 10...80, using: &rng)
            let rows: [Value] = (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                .record(
                    Record(
                        (0..<Int.random(in: 1...4, using: &rng)).map { c in
                            ("c\(c)", .string(String(repeating: "日x", count: Int.random(in: 0...30, using: &rng))))
                        }))
            }
            let lines = Renderer.render(.list(rows), as: .table, width: width).split(separator: "\n")
            let columns = rows.compactMap { $0.recordValue?.count }.max() ?? 1
            let floor = columns * TableFormat.minimumColumnWidth + (columns - 1) * 2
            for line in lines { #expect(TextWidth.of(String(line)) <= Swift.max(width, floor)) }
        }
    }
}
