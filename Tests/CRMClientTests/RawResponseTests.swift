import Testing

@testable import CRMClient

/// Header lookup on a received response: names are ASCII and compared without case, byte by byte.
@Suite struct RawResponseTests {
    let response = RawResponse(
        status: 200, reason: "OK",
        headers: [("Content-Type", "application/json"), ("X-A^B", "caret"), ("retry-after", "3")], body: [])

    @Test func aHeaderIsFoundInAnyCase() {
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("CONTENT-TYPE") == "application/json")
        #expect(response.header("Retry-After") == "3")
    }

    @Test func onlyLettersFoldCase() {
        // '^' and '~' differ by the case bit too, but they are not letters.
        #expect(response.header("x-a~b") == nil)
        #expect(response.header("x-a^b") == "caret")
        #expect(response.header("Content-Typ") == nil)
        #expect(response.header("Date") == nil)
    }
}
