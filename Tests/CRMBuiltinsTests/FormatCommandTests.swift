import CRMBuiltins
import CRMCore
import Testing

@Suite("to … and from … commands")
struct FormatCommandTests {
    @Test func toJSONPrettyAndCompact() async throws {
        let rec: Value = ["name": "Ann", "tags": ["vip"]]
        #expect(
            try await value("to json", input: .value(rec))
                == "{\n  \"name\": \"Ann\",\n  \"tags\": [\n    \"vip\"\n  ]\n}")
        #expect(try await value("to json", [flag("compact")], input: .stream(.of([1, 2]))) == "[1,2]")
        #expect(try await value("to json", [flag("compact")], input: .value("a\"b")) == "\"a\\\"b\"")
    }

    @Test func toNDJSON() async throws {
        #expect(try await value("to ndjson", input: .value([["a": 1], ["a": 2]])) == "{\"a\":1}\n{\"a\":2}")
        #expect(try await value("to ndjson", input: .value(["a": 1])) == "{\"a\":1}")
    }

    @Test func toCSVAndTable() async throws {
        let csv = try await value("to csv", input: .stream(.of([["a": 1, "b": "x,y"], ["c": true]])))
        #expect(csv == "a,b,c\n1,\"x,y\",\n,,true")
        let table = try await value("to table", input: .value([["n": "A", "v": 1]]))
        #expect(table == "n  v\n─  ─\nA  1")
    }

    @Test func fromJSON() async throws {
        #expect(try await value("from json", input: .value("{\"a\": [1, 2]}")) == ["a": [1, 2]])
        #expect(try await value("from json", [arg("[1]")]) == [1])
        let e = await error { _ = try await value("from json", input: .value("{\"a\": ")) }
        #expect(e?.code == "runtime.bad-json")
        #expect(e?.message.hasPrefix("Invalid JSON at byte 6") == true)
        let t = await error { _ = try await value("from json", input: .value([1])) }
        #expect(t?.message == "'from json' needs text, got 'list'.")
    }

    @Test func fromNDJSON() async throws {
        #expect(try await value("from ndjson", input: .value("{\"a\":1}\r\n\n{\"a\":2}\n")) == [["a": 1], ["a": 2]])
        let e = await error { _ = try await value("from ndjson", input: .value("1\n2\n[")) }
        #expect(e?.message.hasPrefix("Invalid JSON on line 3") == true)
    }

    @Test func fromCSV() async throws {
        let text = "name,age,note\nAnn,30,\"a, \"\"b\"\"\nc\"\r\nBob,007,1.5\n"
        let out = try await value("from csv", input: .value(.string(text)))
        #expect(
            out == [["name": "Ann", "age": 30, "note": "a, \"b\"\nc"], ["name": "Bob", "age": "007", "note": 1.5]])
        let raw = try await value("from csv", [flag("no-infer")], input: .value("a\n1"))
        #expect(raw == [["a": "1"]])
        let e = await error { _ = try await value("from csv", input: .value("a\n\"open")) }
        #expect(e?.message == "Unterminated quoted field in CSV starting on line 2.")
    }

    @Test func csvRoundTrip() async throws {
        let data: Value = [["k": "comma,here", "q": "say \"hi\"", "n": "line\nbreak", "u": "ünï 🎉"]]
        let csv = try await run("to csv", input: .value(data))
        #expect(try await value("from csv", input: csv) == data)
    }
}
