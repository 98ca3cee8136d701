@testable import CRMCore
import Testing

/// `Value.parseJSON`: what each JSON text becomes, and the located error of each kind of bad input.
@Suite struct JSONParserTests {
    private func parse(_ text: String) throws(JSONError) -> Value { try Value.parseJSON(text) }

    private func parse(bytes: [UInt8]) throws(JSONError) -> Value {
        var b = bytes
        return try Value.parseJSON(bytes: &b)
    }

    /// The error `text` gives (nil when it parses).
    private func error(_ text: String) -> JSONError? { error(bytes: Array(text.utf8)) }

    private func error(bytes: [UInt8]) -> JSONError? {
        do {
            _ = try parse(bytes: bytes)
            return nil
        } catch {
            return error
        }
    }

    /// Past `Record.scanLimit` keys an object finds repeated keys through an index (linear time;
    /// the look-back over every earlier key made 1M keys take 276 s): the same rule either way,
    /// a repeated key keeps its first place and its last value. (Speed: scripts/bench/decode.sh.)
    @Test func aWideObjectKeepsFirstPlaceAndLastValueOfARepeatedKey() throws {
        let n = 5_000
        var text = "{" + (0..<n).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        text += ", \"k3\": \"late\", \"k\(n - 1)\": \"last\", \"new\": true}"
        let r = try #require(try parse(text).recordValue)
        #expect(r.count == n + 1)
        #expect(r.keys.prefix(4) == ["k0", "k1", "k2", "k3"])
        #expect(r["k3"] == .string("late"))
        #expect(r["k\(n - 1)"] == .string("last"))
        #expect(r.keys.last == "new")
        let pairs = (0..<n).map { ("c\($0 % 100)", Value.int($0)) }
        let built = Record(pairs)
        #expect(built.count == 100)
        #expect(built.keys.first == "c0")
        #expect(built["c0"] == .int(n - 100))
    }

    /// A long parse stops when its task is cancelled (Ctrl-C, SIGTERM) instead of running to the end.
    @Test func aCancelledParseStopsAsInterrupted() async {
        let text = "[" + Array(repeating: "1", count: 200_000).joined(separator: ",") + "]"
        let outcome = await Task { () -> String in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(JSONError) {
                return "parsed \(try Value.parseJSON(text).listValue?.count ?? 0)"
            } catch { return error.message }
        }.value
        #expect(outcome == JSONError.interruptedMessage)
        #expect((try? parse(text))?.listValue?.count == 200_000)
    }

    @Test func numbersKeepIntAndDoubleApart() throws {
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("42") == .int(42))
        #expect(try parse("-17") == .int(-17))
        #expect(try parse("9223372036854775807") == .int(Int.max))
        #expect(try parse("-9223372036854775808") == .int(Int.min))
        #expect(try parse("1.0") == .double(1.0))
        #expect(try parse("1e2") == .double(100))
        #expect(try parse("-2.5E-3") == .double(-0.0025))
        #expect(try parse("0.1") == .double(0.1))
        #expect(try parse("1E+2") == .double(100))
    }

    @Test func integersPastSixtyFourBitsBecomeDoubles() throws {
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("-9223372036854775809") == .double(-9_223_372_036_854_775_809))
        #expect(try parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func malformedNumbersAreLocated() {
        for (text, offset) in [
            ("01", 1), ("-", 1), ("-x", 1), ("1.", 2), ("1.x", 2), (".5", 0), ("1e", 2), ("1e+", 3), ("+1", 0),
            ("--1", 1), ("[1,02]", 4), ("1.5.2", 3), ("0x10", 1),
        ] {
            #expect(error(text)?.offset == offset, "\(text)")
        }
        #expect(error("1e999")?.message == "number '1e999' is out of range in JSON")
        #expect(error("-")?.message == "unexpected end of JSON (truncated input?)")
        #expect(error("-x")?.message == "invalid number in JSON")
    }

    @Test func literalsAndWhiteSpace() throws {
        #expect(try parse(" \t\r\ntrue \n") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("null") == .null)
        #expect(error("nul")?.message == "unexpected end of JSON (truncated input?)")
        #expect(error("nulL") == JSONError(message: "invalid literal in JSON", offset: 0))
        #expect(error("True") == JSONError(message: "unexpected character 'T' in JSON", offset: 0))
        #expect(error("") == JSONError(message: "unexpected end of JSON (truncated input?)", offset: 0))
        #expect(error("   ") == JSONError(message: "unexpected end of JSON (truncated input?)", offset: 3))
        #expect(error("1 2") == JSONError(message: "unexpected text after the JSON value", offset: 2))
        #expect(error("{} x") == JSONError(message: "unexpected text after the JSON value", offset: 3))
        #expect(error("NaN")?.offset == 0)
        #expect(error("\u{1}") == JSONError(message: "unexpected character byte 0x01 in JSON", offset: 0))
    }

    @Test func escapes() throws {
        #expect(try parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
        #expect(try parse(#""\u0041\u00e9\u20AC""#) == .string("Aé€"))
        #expect(try parse(#""x\uD83D\uDE00y""#) == .string("x😀y"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func halfSurrogatesBecomeReplacementCharacters() throws {
        #expect(try parse(#""\uD83D""#) == .string("\u{FFFD}"))
        #expect(try parse(#""\uDE00x""#) == .string("\u{FFFD}x"))
        #expect(try parse(#""\uD83Dx""#) == .string("\u{FFFD}x"))
        // The escape after a lone high half is read on its own, not swallowed.
        #expect(try parse(#""\uD83D\u0041""#) == .string("\u{FFFD}A"))
        #expect(try parse(#""\uD83D\n""#) == .string("\u{FFFD}\n"))
        #expect(try parse(#""\uD83D\uD83D\uDE00""#) == .string("\u{FFFD}😀"))
    }

    @Test func badEscapesAndControlCharacters() {
        #expect(error(#""a\x""#) == JSONError(message: "invalid escape '\\x' in JSON string", offset: 3))
        #expect(error(#""\u12G4""#) == JSONError(message: "invalid \\u escape in JSON string", offset: 5))
        #expect(error("\"a\nb\"") == JSONError(message: "control character inside JSON string", offset: 2))
        #expect(error("\"a\tb\"")?.offset == 2)
        #expect(error("\"abcdefghijkl\u{1F}mnop\"")?.offset == 13)
    }

    @Test func rawUTF8IsCheckedAndKept() throws {
        #expect(try parse("\"é😀 ß€ — 日本語 and then a longer ASCII tail\"") == .string("é😀 ß€ — 日本語 and then a longer ASCII tail"))
        let bad: [([UInt8], Int)] = [
            ([0x22, 0xFF, 0x22], 1),  // never valid
            ([0x22, 0x61, 0xC0, 0x80, 0x22], 2),  // overlong
            ([0x22, 0xE0, 0x80, 0x80, 0x22], 1),  // overlong
            ([0x22, 0xED, 0xA0, 0x80, 0x22], 1),  // a surrogate
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1),  // past U+10FFFF
            ([0x22, 0xC3, 0x41, 0x22], 1),  // missing continuation
            ([0x22, 0x80, 0x22], 1),  // lone continuation
            ([0x22, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0xFE, 0x22], 9),  // past the 8-byte fast path
        ]
        for (bytes, offset) in bad {
            #expect(error(bytes: bytes) == JSONError(message: "invalid UTF-8 in JSON string", offset: offset), "\(bytes)")
        }
        #expect(error(bytes: [0x22, 0xE2, 0x82])?.message == "unexpected end of JSON (truncated input?)")
        #expect(error(bytes: [0xC3, 0xA9]) == JSONError(message: "unexpected character byte 0xC3 in JSON", offset: 0))
    }

    @Test func listsAndRecordsKeepOrder() throws {
        #expect(try parse("[]") == .list([]))
        #expect(try parse("{}") == .record(Record()))
        #expect(try parse(#"[1, "a", [true, null], {"b": 2.5}]"#) == [1, "a", [true, nil], ["b": 2.5]])
        let v = try parse(#"{"z": 1, "a": {"y": [], "b": {}}, "m": "x"}"#)
        #expect(v.recordValue?.keys == ["z", "a", "m"])
        #expect(v[field: "a"]?.recordValue?.keys == ["y", "b"])
    }

    @Test func aRepeatedKeyKeepsItsFirstPlaceAndLastValue() throws {
        let v = try parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(v == .record(Record([("a", 3), ("b", 2)])))
        #expect(v.recordValue?.count == 2)
        // Written with an escape, it is still the same key.
        #expect(try parse(#"{"a": 1, "\u0061": 2}"#) == ["a": 2])
        let long = "a_key_longer_than_sixteen_bytes"
        #expect(try parse(#"{"\#(long)": 1, "x": 0, "\#(long)": 2}"#) == .record(Record([(long, 2), ("x", 0)])))
    }

    @Test func keysOfEveryLengthAndManyDistinctKeys() throws {
        // Keys that agree on their first 16 bytes, keys of every length, and more keys than the key
        // table has slots, each repeated in a second record.
        var keys = (0..<40).map { String(repeating: "k", count: $0) }
        keys += ["abcdefghijklmnop_1", "abcdefghijklmnop_2", "abcdefghijklmnopq", "abcdefghijklmnop"]
        keys += (0..<600).map { "field_\($0)" }
        let record = "{" + keys.enumerated().map { "\"\($0.element)\": \($0.offset)" }.joined(separator: ", ") + "}"
        let v = try parse("[\(record), \(record)]")
        for item in v.listValue ?? [] {
            #expect(item.recordValue?.keys == keys)
            #expect(item.recordValue?.values == keys.indices.map { .int($0) })
        }
        #expect(v.listValue?.count == 2)
    }

    @Test func nestingIsCapped() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try parse(ok).listValue != nil)
        let deepRecord = String(repeating: #"{"a":"#, count: 511) + "[]" + String(repeating: "}", count: 511)
        #expect(try parse(deepRecord).recordValue != nil)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(error(tooDeep) == JSONError(message: "JSON nested too deeply (more than 512 levels)", offset: 512))
        #expect(error(String(repeating: "[", count: 100_000))?.message == "JSON nested too deeply (more than 512 levels)")
    }

    @Test func structuralErrorsAreLocated() {
        #expect(error("[1,]") == JSONError(message: "unexpected character ']' in JSON", offset: 3))
        #expect(error("[1 2]") == JSONError(message: "expected ',' or ']' in JSON array", offset: 3))
        #expect(error(#"{"a" 1}"#) == JSONError(message: "expected ':' after key in JSON object", offset: 5))
        #expect(error(#"{"a": 1 "b": 2}"#) == JSONError(message: "expected ',' or '}' in JSON object", offset: 8))
        #expect(error("{a: 1}") == JSONError(message: "expected a quoted key in JSON object", offset: 1))
        #expect(error(#"{"a": 1,}"#) == JSONError(message: "expected a quoted key in JSON object", offset: 8))
    }

    @Test func everyCutOffDocumentIsTruncatedAtItsEnd() {
        let document = #"{"data": [{"id": "65f0a1b2", "n": -12.5e3, "ok": true, "x": null, "t": "é\u00e9\uD83D\uDE00"}], "meta": {"totalCount": 100000}}"#
        let bytes = Array(document.utf8)
        for n in 0..<bytes.count {
            #expect(
                error(bytes: Array(bytes[..<n]))
                    == JSONError(message: "unexpected end of JSON (truncated input?)", offset: n), "prefix \(n)")
        }
        #expect(error(bytes: bytes) == nil)
    }

    @Test func writtenValuesReadBackTheSame() throws {
        var rng = SeededNumbers(seed: 7)
        for _ in 0..<300 {
            let v = randomValue(&rng, depth: 0)
            #expect(try parse(v.toJSON()) == v)
            #expect(try parse(v.toJSON(pretty: true)) == v)
        }
    }

    @Test func damagedDocumentsNeverCrash() {
        var rng = SeededNumbers(seed: 11)
        let document = Array(
            #"{"data": [{"id": "65f0", "tags": ["a", "b"], "n": 1.5, "s": "\u00e9\"x", "e": {}}], "k": [null, true]}"#
                .utf8)
        var parsed = 0
        for _ in 0..<3000 {
            var bytes = document
            for _ in 0..<Int(rng.next() % 3 + 1) {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                }
            }
            if let e = error(bytes: bytes) {
                #expect(e.offset >= 0 && e.offset <= bytes.count)
            } else {
                parsed += 1
            }
        }
        #expect(parsed < 3000)
    }

    private func randomValue(_ rng: inout SeededNumbers, depth: Int) -> Value {
        let texts = ["", "a", "é", "😀", "line\nbreak", "quote\"back\\slash", "\u{1}\u{1F}", "a longer text of more than 16 bytes"]
        switch rng.next() % (depth > 3 ? 5 : 7) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .int(Int(truncatingIfNeeded: rng.next()) >> Int(rng.next() % 64))
        case 3: return .double(Double(Int(truncatingIfNeeded: rng.next() % 2_000_000)) / 64 - 1000.5)
        case 4: return .string(texts[Int(rng.next() % UInt64(texts.count))])
        case 5: return .list((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            let keys = ["id", "name", "k", "connection_status_of_it", "é"]
            return .record(
                Record((0..<Int(rng.next() % 4)).map { _ in
                    (keys[Int(rng.next() % UInt64(keys.count))], randomValue(&rng, depth: depth + 1))
                }))
        }
    }
}

/// A small deterministic generator for the tests above (Knuth's MMIX linear congruential one;
/// the high bits are the random ones).
struct SeededNumbers {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 17
    }
}
