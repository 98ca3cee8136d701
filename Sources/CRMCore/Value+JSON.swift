/// JSON in and out of `Value` without loss: key order is kept, integers stay integers.
extension Value {
    /// Parses JSON text (see `JSONParser` for the rules); throws `JSONError` with a byte offset on
    /// malformed or truncated input.
    public static func parseJSON(_ text: String) throws(JSONError) -> Value {
        var text = text
        return try text.withUTF8 { buffer in Result { () throws(JSONError) in try JSONParser.parse(buffer) } }.get()
    }

    /// Parses JSON bytes; throws `JSONError` with a byte offset on malformed or truncated input.
    public static func parseJSON(bytes: inout [UInt8]) throws(JSONError) -> Value {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONError) in try JSONParser.parse(buffer) }
        }.get()
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
    /// The message of a parse stopped because its task was cancelled (not a fault of the input).
    public static let interruptedMessage = "interrupted"
    /// Whether the parse was stopped by a cancellation rather than bad input.
    public var isInterrupted: Bool { message == Self.interruptedMessage }
}
