/// JSON in and out of `Value` without loss: key order is kept, integers stay integers.
extension Value {
    /// Parses JSON text; throws `JSONError` with a byte offset on malformed or truncated input.
    public static func parseJSON(_ text: String) throws(JSONError) -> Value {
        var utf8 = Array(text.utf8)
        return try parseJSON(bytes: &utf8)
    }

    /// Parses JSON bytes; throws `JSONError` with a byte offset on malformed or truncated input.
    public static func parseJSON(bytes: inout [UInt8]) throws(JSONError) -> Value {
        var p = JSONParser(bytes: bytes)
        p.skipSpace()
        let v = try p.parseValue(depth: 0)
        p.skipSpace()
        if p.i != p.bytes.count { throw JSONError(message: "unexpected text after the JSON value", offset: p.i) }
        return v
    }

    /// Compact JSON text (`{"a":1}`), or indented with two spaces when `pretty` is set.
    public func toJSON(pretty: Bool = false) -> String {
        var out = ""
        writeJSON(into: &out, pretty: pretty, indent: 0)
        return out
    }

    func writeJSON(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN || d.isInfinite {
                out += "null"
            } else if d.rounded() == d && abs(d) < 1e15 {
                out += String(Int(d)) + ".0"
            } else {
                out += String(d)
            }
        case .string(let s): Value.writeJSONString(s, into: &out)
        case .datetime, .duration: Value.writeJSONString(displayText, into: &out)
        case .list(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (n, item) in items.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                item.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "]"
        case .record(let r):
            if r.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (n, f) in r.fields.enumerated() {
                if n > 0 { out += "," }
                if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
                Value.writeJSONString(f.key, into: &out)
                out += pretty ? ": " : ":"
                f.value.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { out += "\n" + String(repeating: "  ", count: indent) }
            out += "}"
        }
    }

    /// Appends `s` as a quoted JSON string.
    public static func writeJSONString(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20:
                let hex = String(u.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }
}

/// A JSON syntax error with the byte offset where it was found.
public struct JSONError: Error, Sendable, Equatable {
    /// What was wrong, sentence-cased without a trailing period.
    public var message: String
    /// The byte offset into the input.
    public var offset: Int
}

struct JSONParser {
    let bytes: [UInt8]
    var i = 0
    static let maxDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    func fail(_ m: String) -> JSONError {
        JSONError(message: i >= bytes.count ? "unexpected end of JSON (truncated input?)" : m, offset: i)
    }

    mutating func parseValue(depth: Int) throws(JSONError) -> Value {
        guard depth < Self.maxDepth else { throw fail("JSON nested too deeply") }
        guard i < bytes.count else { throw fail("") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[i])))' in JSON")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else {
            i = bytes.count
            throw fail("")
        }
        let ok = word.withUTF8Buffer { buf in (0..<n).allSatisfy { bytes[i + $0] == buf[$0] } }
        guard ok else { throw fail("invalid literal in JSON") }
        i += n
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> Value {
        i += 1
        var fields: [(String, Value)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return .record(Record())
        }
        while true {
            skipSpace()
            guard i < bytes.count else { throw fail("") }
            guard bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key in JSON object") }
            let key = try parseString()
            skipSpace()
            guard i < bytes.count else { throw fail("") }
            guard bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key in JSON object") }
            i += 1
            skipSpace()
            fields.append((key, try parseValue(depth: depth + 1)))
            skipSpace()
            guard i < bytes.count else { throw fail("") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return .record(Record(fields))
            }
            throw fail("expected ',' or '}' in JSON object")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> Value {
        i += 1
        var items: [Value] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
            i += 1
            return .list([])
        }
        while true {
            skipSpace()
            items.append(try parseValue(depth: depth + 1))
            skipSpace()
            guard i < bytes.count else { throw fail("") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
                continue
            }
            if bytes[i] == UInt8(ascii: "]") {
                i += 1
                return .list(items)
            }
            throw fail("expected ',' or ']' in JSON array")
        }
    }

    mutating func parseString() throws(JSONError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 {
            i += 1
        }
        guard i < bytes.count else { throw fail("") }
        if bytes[i] == UInt8(ascii: "\"") {
            let s = String(decoding: bytes[start..<i], as: UTF8.self)
            i += 1
            return s
        }
        var buf = Array(bytes[start..<i])
        while true {
            guard i < bytes.count else { throw fail("") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                break
            }
            if c < 0x20 { throw fail("control character inside JSON string") }
            if c != UInt8(ascii: "\\") {
                buf.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < bytes.count else { throw fail("") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): buf.append(0x22)
            case UInt8(ascii: "\\"): buf.append(0x5C)
            case UInt8(ascii: "/"): buf.append(0x2F)
            case UInt8(ascii: "b"): buf.append(0x08)
            case UInt8(ascii: "f"): buf.append(0x0C)
            case UInt8(ascii: "n"): buf.append(0x0A)
            case UInt8(ascii: "r"): buf.append(0x0D)
            case UInt8(ascii: "t"): buf.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"),
                    bytes[i + 1] == UInt8(ascii: "u")
                {
                    i += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) { scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00) }
                }
                let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                buf.append(contentsOf: Array(String(Character(u)).utf8))
            default: throw fail("invalid escape in JSON string")
            }
        }
        return String(decoding: buf, as: UTF8.self)
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        guard i + 4 <= bytes.count else {
            i = bytes.count
            throw fail("")
        }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw fail("invalid \\u escape in JSON string")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }

    mutating func parseNumber() throws(JSONError) -> Value {
        let start = i
        var isDouble = false
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count {
            let c = bytes[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") {
                i += 1
                continue
            }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") || c == UInt8(ascii: "+")
                || (c == UInt8(ascii: "-") && i > start)
            {
                isDouble = true
                i += 1
                continue
            }
            break
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if !isDouble, let n = Int(text) { return .int(n) }
        guard let d = Double(text) else { throw fail("invalid number '\(text)' in JSON") }
        return .double(d)
    }
}
