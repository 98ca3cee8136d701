import Testing

@testable import CRMClient

@Suite struct PageStateMachineTests {
    @Test func leelooWalksPagesUntilTotalCount() {
        var m = LeelooPageStateMachine(pageSize: 100)
        #expect(m.next() == .fetch(offset: 0, limit: 100))
        m.received(count: 100, totalCount: 250)
        #expect(m.expectedCount == 250)
        #expect(m.next() == .fetch(offset: 100, limit: 100))
        m.received(count: 100, totalCount: 250)
        #expect(m.next() == .fetch(offset: 200, limit: 100))
        m.received(count: 50, totalCount: 250)
        #expect(m.next() == .done)
        #expect(m.next() == .done)
    }

    @Test func leelooStopsOnEmptyPageWithoutTotal() {
        var m = LeelooPageStateMachine(pageSize: 20)
        #expect(m.next() == .fetch(offset: 0, limit: 20))
        m.received(count: 20, totalCount: nil)
        #expect(m.next() == .fetch(offset: 20, limit: 20))
        m.received(count: 0, totalCount: nil)
        #expect(m.next() == .done)
    }

    @Test func leelooHonoursLimitAndCapsPageSize() {
        var m = LeelooPageStateMachine(pageSize: 500, limit: 130)
        #expect(m.next() == .fetch(offset: 0, limit: 100))
        m.received(count: 100, totalCount: 1000)
        #expect(m.expectedCount == 130)
        #expect(m.next() == .fetch(offset: 100, limit: 30))
        m.received(count: 30, totalCount: 1000)
        #expect(m.next() == .done)
    }

    @Test(arguments: [0, -3])
    func leelooLimitZeroFetchesNothing(limit: Int) {
        var m = LeelooPageStateMachine(pageSize: 10, limit: limit)
        #expect(m.next() == .done)
    }

    @Test func chattonicStopsOnShortPage() {
        var m = ChattonicPageStateMachine(pageSize: 100)
        #expect(m.next() == .fetch(offset: 0, limit: 100))
        m.received(count: 100)
        #expect(m.next() == .fetch(offset: 100, limit: 100))
        m.received(count: 42)
        #expect(m.next() == .done)
    }

    @Test func chattonicStopsOnEmptyPageAndHonoursLimit() {
        var m = ChattonicPageStateMachine(pageSize: 1000, limit: 150)
        #expect(m.pageSize == 100)
        #expect(m.next() == .fetch(offset: 0, limit: 100))
        m.received(count: 100)
        #expect(m.next() == .fetch(offset: 100, limit: 50))
        m.received(count: 50)
        #expect(m.next() == .done)

        var e = ChattonicPageStateMachine(pageSize: 10)
        _ = e.next()
        e.received(count: 0)
        #expect(e.next() == .done)
    }
}
