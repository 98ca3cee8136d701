/// The JSON reader behind `Value.parseJSON`: one pass over UTF-8 bytes straight to `Value`, with
/// no Foundation and no intermediate tree.
///
/// It follows RFC 8259 strictly (no comments, trailing commas, leading zeros, `NaN` or control
/// characters in strings) and reports every error with the byte offset where it was found; input
/// that ends early is "unexpected end of JSON". Decisions where JSON leaves room:
/// - a number without fraction or exponent that fits 64 bits is an `int`, any other a `double`
///   (the APIs are JavaScript servers, whose numbers are doubles: an integer past 2^63 cannot have
///   been exact on their side either);
/// - a repeated key keeps its first position and its last value (as Python's `json`);
/// - raw bytes in strings must be valid UTF-8; a `\u` escape of half a surrogate pair (JavaScript
///   strings can hold one) becomes U+FFFD;
/// - values nest at most `maxDepth` lists and records deep.
struct JSONParser {
    let base: UnsafePointer<UInt8>
    let count: Int
    var i = 0
    /// The keys seen in this document, so a repeated key is read once.
    let keys = JSONKeyTable()
    /// The items of the lists being read, innermost last.
    let items = JSONStack<Value>()
    /// The fields of the records being read, innermost last.
    let fields = JSONStack<(key: String, value: Value)>()
    /// The hashes of those fields' keys (`JSONKeyTable.hash`), in step with `fields`.
    let keyHashes = JSONStack<UInt64>()

    /// The deepest lists and records may nest.
    static let maxDepth = 512

    /// The one value `buffer` holds, with nothing but white space around it.
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONError) -> Value {
        guard let base = buffer.baseAddress, !buffer.isEmpty else {
            throw JSONError(message: "unexpected end of JSON (truncated input?)", offset: 0)
        }
        var p = JSONParser(base: base, count: buffer.count)
        p.skipSpace()
        let v = try p.parseValue(depth: 0)
        p.skipSpace()
        if p.i != p.count { throw JSONError(message: "unexpected text after the JSON value", offset: p.i) }
        return v
    }

    /// Values read since the last look at the task's cancellation (see `pollInterrupt`).
    var sinceInterruptPoll = 0

    /// Every 65,536 values, whether the task was cancelled (Ctrl-C, SIGTERM): a large document
    /// (`open` of a 200k-key file) once parsed to the end before the shell could stop it.
    @inline(__always)
    mutating func pollInterrupt() throws(JSONError) {
        sinceInterruptPoll &+= 1
        guard sinceInterruptPoll & 0xFFFF == 0, Task.isCancelled else { return }
        throw JSONError(message: JSONError.interruptedMessage, offset: i)
    }

    init(base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The error `message` at the current offset, or "unexpected end" when the input ran out.
    func fail(_ message: String) -> JSONError {
        JSONError(message: i >= count ? "unexpected end of JSON (truncated input?)" : message, offset: i)
    }

    @inline(__always)
    mutating func skipSpace() {
        while i < count {
            let c = base[i]
            guard c <= 0x20, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            i += 1
        }
    }

    mutating func parseValue(depth: Int) throws(JSONError) -> Value {
        guard i < count else { throw fail("") }
        try pollInterrupt()
        switch base[i] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case let c:
            throw fail("unexpected character \(Self.describe(c)) in JSON")
        }
    }

    /// `'x'` for a printable ASCII byte, else `byte 0xNN`.
    static func describe(_ c: UInt8) -> String {
        if c >= 0x21 && c < 0x7F { return "'\(Character(Unicode.Scalar(c)))'" }
        let hex = String(c, radix: 16, uppercase: true)
        return "byte 0x" + (hex.count < 2 ? "0" : "") + hex
    }

    mutating func literal(_ word: StaticString) throws(JSONError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        let start = i
        for k in 0..<n {
            guard i < count else { throw fail("") }
            guard base[i] == w[k] else {
                i = start
                throw fail("invalid literal in JSON")
            }
            i += 1
        }
    }

    /// Steps over the opening bracket of a list or record nested `depth` deep; true when `close`
    /// follows at once (the list or record is empty, and `close` is stepped over too).
    mutating func open(depth: Int, close: UInt8) throws(JSONError) -> Bool {
        guard depth <= Self.maxDepth else { throw fail("JSON nested too deeply (more than \(Self.maxDepth) levels)") }
        i += 1
        skipSpace()
        guard i < count, base[i] == close else { return false }
        i += 1
        return true
    }

    mutating func parseObject(depth: Int) throws(JSONError) -> Value {
        if try open(depth: depth, close: UInt8(ascii: "}")) { return .record(Record()) }
        let first = fields.top
        // A repeated key keeps its first place and its last value. Small objects look back over
        // their fields; past `Record.scanLimit` keys an index by key takes over, so an object of
        // a million keys parses in linear time (the look-back alone took 276 s).
        var index: [String: Int]?
        while true {
            skipSpace()
            guard i < count else { throw fail("") }
            guard base[i] == UInt8(ascii: "\"") else { throw fail("expected a quoted key in JSON object") }
            let (key, hash) = try parseKey()
            skipSpace()
            guard i < count else { throw fail("") }
            guard base[i] == UInt8(ascii: ":") else { throw fail("expected ':' after key in JSON object") }
            i += 1
            skipSpace()
            let value = try parseValue(depth: depth)
            if index == nil, fields.top - first >= Record.scanLimit {
                var built = [String: Int](minimumCapacity: 4 * Record.scanLimit)
                for k in first..<fields.top { built[fields[k].key] = k }
                index = built
            }
            let seen =
                if let index { index[key] } else {
                    (first..<fields.top).first(where: { keyHashes[$0] == hash && fields[$0].key == key })
                }
            if let k = seen {
                fields[k].value = value
            } else {
                index?[key] = fields.top
                fields.push((key, value))
                keyHashes.push(hash)
            }
            skipSpace()
            guard i < count else { throw fail("") }
            let c = base[i]
            i += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") {
                keyHashes.drop(from: first)
                return .record(Record(distinctFields: fields.pop(from: first)))
            }
            i -= 1
            throw fail("expected ',' or '}' in JSON object")
        }
    }

    mutating func parseArray(depth: Int) throws(JSONError) -> Value {
        if try open(depth: depth, close: UInt8(ascii: "]")) { return .list([]) }
        let first = items.top
        while true {
            skipSpace()
            items.push(try parseValue(depth: depth))
            skipSpace()
            guard i < count else { throw fail("") }
            let c = base[i]
            i += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { return .list(items.pop(from: first)) }
            i -= 1
            throw fail("expected ',' or ']' in JSON array")
        }
    }
}

/// A stack the parser builds each list's items (or each record's fields) on, moved out into an
/// array of exactly the right size when the list ends: no growing arrays, no copies.
final class JSONStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private var capacity = 64
    /// The number of elements on the stack.
    private(set) var top = 0

    init() { base = .allocate(capacity: capacity) }

    /// Element `k` (below `top`).
    subscript(k: Int) -> Element {
        get { base[k] }
        set { base[k] = newValue }
    }

    func push(_ e: Element) {
        if top == capacity {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: top)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + top).initialize(to: e)
        top += 1
    }

    /// The elements from `start` up, moved off the stack.
    func pop(from start: Int) -> [Element] {
        // reserveCapacity + append rather than `Array(unsafeUninitializedCapacity:)`, whose
        // allocation looks the array type up at run time on every call (a tenth of the parse).
        var out: [Element] = []
        out.reserveCapacity(top - start)
        for k in start..<top { out.append((base + k).move()) }
        top = start
        return out
    }

    /// Removes the elements from `start` up.
    func drop(from start: Int) {
        (base + start).deinitialize(count: top - start)
        top = start
    }

    deinit {
        base.deinitialize(count: top)
        base.deallocate()
    }
}
