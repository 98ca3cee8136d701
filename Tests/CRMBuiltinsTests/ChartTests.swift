import CRMBuiltins
import CRMCore
import Testing

/// Snapshots of the pictures on a UTF-8 terminal at a fixed width, and the switch to '#'.
@Suite("chart pictures")
struct ChartTests {
    func terminal(_ width: Int, unicode: Bool = true) -> FakeContext {
        let ctx = FakeContext()
        ctx.settings.display = Display(width: width, isUnicode: unicode)
        return ctx
    }

    let counts: Value = [["value": "vip", "count": 12], ["value": "new", "count": 5], ["value": "lead", "count": 1]]

    @Test func barsUseEighthBlocksOnAUTF8Terminal() async throws {
        let out = try await value("chart bar", input: .value(counts), ctx: terminal(30))
        #expect(
            out.stringValue?.split(separator: "\n") == [
                "vip  ██████████████████████ 12",
                "new  █████████▏              5",
                "lead █▉                      1",
            ])
    }

    @Test func barsFitTheTerminalWidth() async throws {
        for width in [24, 40, 100] {
            let out = try await value("chart bar", input: .value(counts), ctx: terminal(width))
            let lines = out.stringValue?.split(separator: "\n") ?? []
            #expect(lines.count == 3)
            #expect(lines.first?.count == width, "the longest bar fills \(width) columns")
            #expect(lines.allSatisfy { $0.count <= width })
        }
    }

    @Test func asciiWhenAskedOrWithoutUnicode() async throws {
        let asked = try await value("chart bar", [flag("ascii")], input: .value(counts), ctx: terminal(30))
        let plain = try await value("chart bar", input: .value(counts), ctx: terminal(30, unicode: false))
        #expect(asked == plain)
        #expect(asked.stringValue?.split(separator: "\n").first == "vip  ###################### 12")
    }

    @Test func sparkOnAUTF8Terminal() async throws {
        let out = try await value("chart spark", input: .value([3, 1, 4, 1, 5, 9, 2, 6]), ctx: terminal(80))
        #expect(out == "▃▁▄▁▅█▂▅")
        let squeezed = try await value(
            "chart spark", input: .stream(.of((1...100).map { .int($0) })), ctx: terminal(10))
        #expect(squeezed == "▁▂▃▃▄▅▆▆▇█")
    }

    @Test func noUnicodeWithNO_COLOROrWithoutAUTF8Locale() {
        #expect(Display.prefersUnicode(["LANG": "C.UTF-8"]))
        #expect(Display.prefersUnicode(["LC_ALL": "en_US.utf8", "LANG": "C"]))
        #expect(!Display.prefersUnicode(["LANG": "C.UTF-8", "NO_COLOR": "1"]))
        #expect(!Display.prefersUnicode(["LANG": "C"]))
        #expect(!Display.prefersUnicode([:]))
    }
}
