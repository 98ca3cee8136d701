/// Strings and numbers of `JSONParser`.
extension JSONParser {
    /// The string starting at the opening quote under `i`.
    mutating func parseString() throws(JSONError) -> String {
        i += 1
        let start = i
        guard try scanPlain() else { return try parseEscaped(from: start) }
        let s = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
        i += 1
        return s
    }

    /// A key and its hash (`JSONKeyTable.hash`): as `parseString`, but a key seen before in the
    /// document comes from the key table.
    mutating func parseKey() throws(JSONError) -> (String, UInt64) {
        i += 1
        let start = i
        guard try scanPlain() else {
            let key = try parseEscaped(from: start)
            return (key, JSONKeyTable.hash(key))
        }
        i += 1
        return keys.key(base + start, i - 1 - start, readable: count - start)
    }

    /// Moves `i` over string bytes up to the closing quote (true) or the first backslash (false),
    /// checking that non-ASCII bytes are valid UTF-8 and that no control character appears.
    @inline(__always)
    mutating func scanPlain() throws(JSONError) -> Bool {
        while true {
            // Eight bytes at a time while none is a quote, a backslash, a control byte or non-ASCII.
            while i + 8 <= count {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101
                let highs: UInt64 = 0x8080_8080_8080_8080
                let quote = w ^ (ones &* 0x22)
                let slash = w ^ (ones &* 0x5C)
                let special =
                    ((quote &- ones) & ~quote) | ((slash &- ones) & ~slash) | (w &- ones &* 0x20) | w
                let flags = special & highs
                if flags != 0 {
                    // The lowest flag marks the first special byte exactly (flags above it may be false).
                    i += UInt64(littleEndian: flags).trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < count else { throw fail("") }
            let c = base[i]
            if c == UInt8(ascii: "\"") { return true }
            if c == UInt8(ascii: "\\") { return false }
            if c < 0x20 { throw fail("control character inside JSON string") }
            if c < 0x80 {
                i += 1
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// Moves `i` over one multi-byte UTF-8 sequence, or throws at its start when it is invalid.
    mutating func skipUTF8Sequence() throws(JSONError) {
        let start = i
        let c = base[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            low = 0xA0
        case 0xED:
            length = 3
            high = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0:
            length = 4
            low = 0x90
        case 0xF4:
            length = 4
            high = 0x8F
        case 0xF1...0xF3: length = 4
        default: throw fail("invalid UTF-8 in JSON string")
        }
        i += 1
        for k in 1..<length {
            guard i < count else { throw fail("") }
            let b = base[i]
            let ok = k == 1 ? (b >= low && b <= high) : (b >= 0x80 && b <= 0xBF)
            guard ok else {
                i = start
                throw fail("invalid UTF-8 in JSON string")
            }
            i += 1
        }
    }

    /// The rest of a string that has escapes; `start` is just after its opening quote.
    mutating func parseEscaped(from start: Int) throws(JSONError) -> String {
        var buf = Array(UnsafeBufferPointer(start: base + start, count: i - start))
        while true {
            let plain = i
            let closed = try scanPlain()
            buf.append(contentsOf: UnsafeBufferPointer(start: base + plain, count: i - plain))
            i += 1
            if closed { return String(decoding: buf, as: UTF8.self) }
            guard i < count else { throw fail("") }
            let e = base[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buf.append(e)
            case UInt8(ascii: "b"): buf.append(0x08)
            case UInt8(ascii: "f"): buf.append(0x0C)
            case UInt8(ascii: "n"): buf.append(0x0A)
            case UInt8(ascii: "r"): buf.append(0x0D)
            case UInt8(ascii: "t"): buf.append(0x09)
            case UInt8(ascii: "u"): Self.appendUTF8(try unicodeEscape(), to: &buf)
            default:
                i -= 1
                throw fail("invalid escape '\\\(Character(Unicode.Scalar(e)))' in JSON string")
            }
        }
    }

    /// The scalar of a `\uXXXX` escape (the `\u` is consumed), joining a surrogate pair written as
    /// two escapes; half a pair is U+FFFD.
    mutating func unicodeEscape() throws(JSONError) -> Unicode.Scalar {
        let first = try hex4()
        if (0xDC00..<0xE000).contains(first) { return "\u{FFFD}" }
        guard (0xD800..<0xDC00).contains(first) else { return Unicode.Scalar(first) ?? "\u{FFFD}" }
        guard i + 1 < count, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") else { return "\u{FFFD}" }
        let mark = i
        i += 2
        let second = try hex4()
        guard (0xDC00..<0xE000).contains(second) else {
            i = mark  // not the low half: the next escape stands on its own
            return "\u{FFFD}"
        }
        return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) ?? "\u{FFFD}"
    }

    mutating func hex4() throws(JSONError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < count else { throw fail("") }
            let c = base[i]
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

    static func appendUTF8(_ u: Unicode.Scalar, to buf: inout [UInt8]) {
        let v = u.value
        switch v {
        case 0..<0x80: buf.append(UInt8(v))
        case 0x80..<0x800: buf += [UInt8(0xC0 | v >> 6), UInt8(0x80 | v & 0x3F)]
        case 0x800..<0x10000: buf += [UInt8(0xE0 | v >> 12), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
        default:
            buf += [
                UInt8(0xF0 | v >> 18), UInt8(0x80 | v >> 12 & 0x3F), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F),
            ]
        }
    }

    /// A number: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func parseNumber() throws(JSONError) -> Value {
        let start = i
        let negative = base[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var magnitude: UInt64 = 0
        var overflow = false
        guard i < count, Self.isDigit(base[i]) else { throw fail("invalid number in JSON") }
        if base[i] == UInt8(ascii: "0") {
            i += 1
        } else {
            while i < count, Self.isDigit(base[i]) {
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(base[i] &- UInt8(ascii: "0")))
                overflow = overflow || o1 || o2
                magnitude = s
                i += 1
            }
        }
        var isDouble = false
        if i < count, base[i] == UInt8(ascii: ".") {
            i += 1
            try digits()
            isDouble = true
        }
        if i < count, base[i] == UInt8(ascii: "e") || base[i] == UInt8(ascii: "E") {
            i += 1
            if i < count, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            try digits()
            isDouble = true
        }
        if !isDouble, !overflow {
            if !negative, magnitude <= UInt64(Int.max) { return .int(Int(magnitude)) }
            if negative, magnitude <= UInt64(Int.max) + 1 { return .int(Int(truncatingIfNeeded: 0 &- magnitude)) }
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: i - start), as: UTF8.self)
        guard let d = Double(text), d.isFinite else {
            i = start
            throw fail("number '\(text.prefix(40))' is out of range in JSON")
        }
        return .double(d)
    }

    /// One or more digits.
    private mutating func digits() throws(JSONError) {
        guard i < count, Self.isDigit(base[i]) else { throw fail("invalid number in JSON") }
        while i < count, Self.isDigit(base[i]) { i += 1 }
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- UInt8(ascii: "0") < 10 }
}
