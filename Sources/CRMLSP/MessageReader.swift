/// Splits a byte stream into LSP messages (`Content-Length: N\r\n\r\n` then N bytes of JSON).
///
/// A pure state machine fed with whatever `read(2)` returned, so a header or a body split across
/// reads (or many messages in one read) is handled the same way, and it is tested without pipes.
/// Malformed input never stops it: a header block without a usable `Content-Length` is reported
/// and skipped up to the next `Content-Length`, and a body longer than `maxMessageBytes` is
/// reported and skipped byte by byte without being buffered (a hostile length cannot grow memory).
public struct MessageReader: Sendable {
    /// What the reader found.
    public enum Event: Sendable, Equatable {
        /// One message body.
        case message([UInt8])
        /// A framing error; the stream goes on after it.
        case framingError(String)
    }

    /// The largest body accepted; larger ones are skipped with an error.
    public let maxMessageBytes: Int
    /// The longest header block accepted before it counts as garbage.
    public static let maxHeaderBytes = 8 * 1024

    private var buffer: [UInt8] = []
    private var start = 0
    private var bodyLength: Int?
    private var skipRemaining = 0
    /// Set when garbage was dropped without finding a `Content-Length` after it: the next bad
    /// header block is the rest of that garbage, already reported.
    private var inGarbage = false

    public init(maxMessageBytes: Int = 32 * 1024 * 1024) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        for b in bytes {
            if skipRemaining > 0 {
                skipRemaining -= 1
            } else {
                buffer.append(b)
            }
        }
    }

    /// The next complete message or error, or nil when more bytes are needed.
    public mutating func next() -> Event? {
        defer { compact() }
        if let length = bodyLength {
            guard buffer.count - start >= length else { return nil }
            let body = Array(buffer[start..<start + length])
            start += length
            bodyLength = nil
            return .message(body)
        }
        guard let end = headerEnd() else {
            if buffer.count - start > Self.maxHeaderBytes {
                resync(after: start + 1)
                return .framingError("Header block longer than \(Self.maxHeaderBytes) bytes without a blank line.")
            }
            return nil
        }
        let header = String(decoding: buffer[start..<end], as: UTF8.self)
        let afterHeader = end + 4
        switch Self.contentLength(in: header) {
        case .success(let length) where length > maxMessageBytes:
            inGarbage = false
            start = afterHeader
            let available = buffer.count - start
            let dropped = min(available, length)
            start += dropped
            skipRemaining = length - dropped
            return .framingError("Message of \(length) bytes exceeds the limit of \(maxMessageBytes) bytes; skipped.")
        case .success(let length):
            inGarbage = false
            start = afterHeader
            bodyLength = length
            return next()
        case .failure(let reason):
            let reported = inGarbage
            resync(after: start + 1)
            return reported ? next() : .framingError(reason.message)
        }
    }

    /// Where the header block ends (the index of its `\r\n\r\n`), if it is complete.
    private func headerEnd() -> Int? {
        var i = start
        while i + 3 < buffer.count {
            if buffer[i] == 13, buffer[i + 1] == 10, buffer[i + 2] == 13, buffer[i + 3] == 10 { return i }
            i += 1
        }
        return nil
    }

    /// Drops bytes up to the next `Content-Length` at or after `from` (the start of the next
    /// message, if garbage came before it); keeps a short tail that may be its first half.
    private mutating func resync(after from: Int) {
        let needle = Array("content-length".utf8)
        var i = max(from, start)
        while i + needle.count <= buffer.count {
            var matches = true
            for (k, c) in needle.enumerated() where Self.lower(buffer[i + k]) != c {
                matches = false
                break
            }
            if matches {
                start = i
                inGarbage = false
                return
            }
            i += 1
        }
        start = max(start, buffer.count - (needle.count - 1))
        inGarbage = true
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    /// Frees consumed bytes once they are a good part of the buffer.
    private mutating func compact() {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }

    struct HeaderError: Error {
        var message: String
    }

    /// The `Content-Length` of a header block (names are case-insensitive; other headers such as
    /// `Content-Type` are ignored).
    static func contentLength(in header: String) -> Result<Int, HeaderError> {
        var length: Int?
        for line in header.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" }) {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(HeaderError(message: "Malformed header line '\(line.prefix(80))'."))
            }
            let name = line[..<colon].trimmingSpaces.lowercased()
            guard name == "content-length" else { continue }
            let value = line[line.index(after: colon)...].trimmingSpaces
            guard let n = Int(value), n >= 0 else {
                return .failure(HeaderError(message: "Content-Length '\(value.prefix(40))' is not a byte count."))
            }
            length = n
        }
        guard let length else { return .failure(HeaderError(message: "Header block without Content-Length.")) }
        return .success(length)
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// Frames an outgoing message.
public enum MessageWriter {
    /// `Content-Length: N\r\n\r\n` followed by the UTF-8 bytes of `json`.
    public static func frame(_ json: String) -> [UInt8] {
        let body = Array(json.utf8)
        return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
