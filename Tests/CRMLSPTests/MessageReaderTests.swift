import CRMLSP
import Testing

/// The framing state machine, fed as a pipe would feed it: in pieces, all at once, and garbled.
@Suite("LSP framing")
struct MessageReaderTests {
    static func framed(_ json: String) -> [UInt8] { MessageWriter.frame(json) }

    /// Drains every event the reader has.
    static func events(_ reader: inout MessageReader) -> [MessageReader.Event] {
        var out: [MessageReader.Event] = []
        while let e = reader.next() { out.append(e) }
        return out
    }

    @Test func writerCountsBytesNotCharacters() {
        let bytes = MessageWriter.frame("{\"a\":\"Ж😀\"}")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("Content-Length: 14\r\n\r\n"))
    }

    @Test func oneByteAtATime() {
        var reader = MessageReader()
        var got: [MessageReader.Event] = []
        for b in Self.framed("{\"x\":1}") + Self.framed("[]") {
            reader.append([b])
            got += Self.events(&reader)
        }
        #expect(got == [.message(Array("{\"x\":1}".utf8)), .message(Array("[]".utf8))])
    }

    @Test func manyMessagesInOneRead() {
        var reader = MessageReader()
        reader.append(Self.framed("1") + Self.framed("22") + Self.framed("333"))
        #expect(
            Self.events(&reader) == [
                .message(Array("1".utf8)), .message(Array("22".utf8)), .message(Array("333".utf8)),
            ])
    }

    @Test func otherHeadersAndCaseAreAccepted() {
        var reader = MessageReader()
        reader.append(
            Array("content-type: application/vscode-jsonrpc; charset=utf-8\r\nCONTENT-LENGTH:  2\r\n\r\n{}".utf8))
        #expect(Self.events(&reader) == [.message(Array("{}".utf8))])
    }

    @Test(arguments: [
        "Content-Length: abc\r\n\r\n",
        "Content-Length: -5\r\n\r\n",
        "X-Nothing: 1\r\n\r\n",
        "garbage without a colon\r\n\r\n",
    ])
    func badHeaderIsReportedAndTheNextMessageStillArrives(header: String) {
        var reader = MessageReader()
        reader.append(Array(header.utf8) + Self.framed("{}"))
        let got = Self.events(&reader)
        #expect(got.count == 2)
        if case .framingError = got.first {} else { Issue.record("expected a framing error first, got \(got)") }
        #expect(got.last == .message(Array("{}".utf8)))
    }

    @Test func oversizedBodyIsSkippedWithoutBuffering() {
        var reader = MessageReader(maxMessageBytes: 10)
        reader.append(Array("Content-Length: 100\r\n\r\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 40))
        let first = Self.events(&reader)
        #expect(first.count == 1)
        if case .framingError(let m) = first.first {
            #expect(m.contains("100 bytes"))
        } else {
            Issue.record("\(first)")
        }
        reader.append(Array(repeating: UInt8(ascii: "x"), count: 60) + Self.framed("{}"))
        #expect(Self.events(&reader) == [.message(Array("{}".utf8))])
    }

    @Test func endlessHeaderIsCutOff() {
        var reader = MessageReader()
        reader.append(Array(repeating: UInt8(ascii: "a"), count: MessageReader.maxHeaderBytes + 10))
        let got = Self.events(&reader)
        #expect(got.count == 1)
        reader.append(Self.framed("{}"))
        #expect(Self.events(&reader) == [.message(Array("{}".utf8))])
    }

    @Test func partialBodyWaits() {
        var reader = MessageReader()
        let bytes = Self.framed("{\"long\":true}")
        reader.append(bytes.dropLast(3))
        #expect(reader.next() == nil)
        reader.append(bytes.suffix(3))
        #expect(reader.next() == .message(Array("{\"long\":true}".utf8)))
    }
}
