import CRMBuiltins
import CRMCore
import Testing

@Suite("Renderer")
struct RendererTests {
    func written(_ data: PipelineData, _ format: OutputFormat, width: Int = 120) async throws -> [String] {
        var chunks: [String] = []
        try await Renderer.write(data, as: format, width: width) { chunks.append($0) }
        return chunks
    }

    @Test(arguments: OutputFormat.allCases)
    func scalarsPrintBare(format: OutputFormat) async throws {
        #expect(try await written(.value("héllo, \"x\""), format) == ["héllo, \"x\"\n"])
        #expect(try await written(.value(42), format) == ["42\n"])
        #expect(try await written(.value(true), format) == ["true\n"])
        #expect(try await written(.value(nil), format) == [])
        #expect(try await written(.empty, format) == [])
    }

    @Test func jsonCompactOneLine() async throws {
        let v: Value = ["a": "x\ny\u{1}", "b": [1, 2.5, nil], "é": "🎉"]
        #expect(try await written(.value(v), .json) == ["{\"a\":\"x\\ny\\u0001\",\"b\":[1,2.5,null],\"é\":\"🎉\"}\n"])
    }

    @Test func jsonStreamWrittenItemByItem() async throws {
        let chunks = try await written(.stream(.of([["a": 1], ["a": 2], ["a": 3]])), .json)
        #expect(chunks == ["[{\"a\":1},\n", "{\"a\":2},\n", "{\"a\":3}]\n"])
        #expect(try Value.parseJSON(chunks.joined()) == [["a": 1], ["a": 2], ["a": 3]])
        #expect(try await written(.stream(.of([])), .json) == ["[]\n"])
        #expect(try await written(.stream(.of([1])), .json) == ["[1]\n"])
    }

    @Test func ndjson() async throws {
        #expect(try await written(.value([["a": 1], "s"]), .ndjson) == ["{\"a\":1}\n", "\"s\"\n"])
        #expect(try await written(.stream(.of([1, 2])), .ndjson) == ["1\n", "2\n"])
        #expect(try await written(.value(["a": 1]), .ndjson) == ["{\"a\":1}\n"])
    }

    @Test func csvQuotingAndUnion() async throws {
        let rows: Value = [
            ["name": "A, B", "quote": "say \"hi\""],
            ["name": "multi\nline", "extra": ["x": 1]],
            ["name": "plain", "quote": nil],
        ]
        let expected = [
            "name,quote,extra",
            "\"A, B\",\"say \"\"hi\"\"\",",
            "\"multi\nline\",,\"{\"\"x\"\":1}\"",
            "plain,,",
        ]
        #expect(Renderer.render(rows, as: .csv) == expected.joined(separator: "\n"))
        #expect(Renderer.render(["a": 1, "b": "x"], as: .csv) == "a,b\n1,x")
        #expect(Renderer.render([1, "x"], as: .csv) == "value\n1\nx")
        #expect(try await written(.stream(.of([["a": 1], ["b": 2]])), .csv) == ["a,b\n", "1,\n", ",2\n"])
    }

    @Test func tableAlignsColumns() {
        let rows: Value = [
            ["name": "Ann", "age": 30, "city": "Oslo"], ["name": "Bartholomew", "age": 7, "city": nil],
        ]
        let expected = [
            "name         age  city",
            "───────────  ───  ────",
            "Ann           30  Oslo",
            "Bartholomew    7",
        ]
        #expect(Renderer.render(rows, as: .table) == expected.joined(separator: "\n"))
    }

    @Test func tableTruncatesToWidth() {
        let rows: Value = [["id": 1, "text": .string(String(repeating: "x", count: 50))]]
        let lines = Renderer.render(rows, as: .table, width: 20).split(separator: "\n").map(String.init)
        #expect(lines == ["id  text", "──  ────────────────", " 1  xxxxxxxxxxxxxxx…"])
        #expect(lines.allSatisfy { $0.count <= 20 })
    }

    @Test func tableWideCharacters() {
        let rows: Value = [["k": "日本", "v": 1], ["k": "ab", "v": 2]]
        #expect(Renderer.render(rows, as: .table) == "k     v\n────  ─\n日本  1\nab    2")
    }

    @Test func tableRecordAndScalars() {
        let rec: Value = ["name": "Ann", "tags": ["vip"], "n": nil]
        #expect(Renderer.render(rec, as: .table) == "name  Ann\ntags  [\"vip\"]\nn")
        #expect(Renderer.render([1, "two", ["x": 1]], as: .table).hasPrefix("value\n") == false)
        #expect(Renderer.render([1, "two"], as: .table) == "1\ntwo")
        #expect(Renderer.render([], as: .table) == "")
    }

    @Test func tableMixedRecordsAndScalarsAndControls() {
        let rows: Value = [["a": "x\ty"], 5]
        #expect(Renderer.render(rows, as: .table) == "a    value\n───  ─────\nx y\n         5")
    }

    @Test func tableStreamCollectsFirst() async throws {
        let chunks = try await written(.stream(.of([["a": 1], ["a": 22]])), .table)
        #expect(chunks == [" a\n", "──\n", " 1\n", "22\n"])
    }
}
