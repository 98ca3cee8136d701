import Foundation
import Testing

@testable import CRMLineEditor

@Suite("HistoryStore")
struct HistoryStoreTests {
    private func fileMode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func createsPrivateFileAndDirectory() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let url = URL(fileURLWithPath: dir + "/state/crm/history")
        let store = HistoryStore(url: url)
        #expect(store.entries.isEmpty)
        try store.append("echo hi")
        #expect(try fileMode(url.path) == 0o600)
        #expect(try fileMode(dir + "/state/crm") == 0o700)
    }

    /// `set t = "…"` was saved before `set-token leeloo $t` made its value a token: once known,
    /// the token leaves the file (and the entries), and nothing else does.
    @Test func scrubDropsTheEntriesThatHoldANewlyKnownToken() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let url = URL(fileURLWithPath: dir + "/history")
        let store = HistoryStore(url: url)
        for entry in ["echo a", "set t = \"tok-abcdef-123\"", "people | count"] { try store.append(entry) }
        #expect(try store.scrub(["tok-abcdef-123"]) == 1)
        #expect(store.entries == ["echo a", "people | count"])
        #expect(HistoryStore(url: url).entries == ["echo a", "people | count"])
        #expect(try fileMode(url.path) == 0o600)
        #expect(try store.scrub(["tok-abcdef-123"]) == 0)
    }

    @Test func tightensAnExistingFileToOwnerOnly() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let path = dir + "/history"
        _ = FileManager.default.createFile(
            atPath: path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644])
        let store = HistoryStore(url: URL(fileURLWithPath: path))
        #expect(store.entries == ["old"])
        try store.append("new")
        #expect(try fileMode(path) == 0o600)
    }

    @Test func dropsConsecutiveDuplicatesOnly() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let store = HistoryStore(url: URL(fileURLWithPath: dir + "/history"))
        for entry in ["a", "a", "b", "a", "a"] { try store.append(entry) }
        #expect(store.entries == ["a", "b", "a"])
        #expect(HistoryStore(url: store.url).entries == ["a", "b", "a"])
    }

    @Test func keepsOnlyTheNewestEntriesInMemoryAndOnDisk() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let url = URL(fileURLWithPath: dir + "/history")
        let store = HistoryStore(url: url, maxEntries: 3)
        for i in 1...10 { try store.append("cmd \(i)") }
        #expect(store.entries == ["cmd 8", "cmd 9", "cmd 10"])
        // The file is compacted to the newest 3 once it passes 2 × 3 lines (after `cmd 7`).
        let onDisk = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        #expect(onDisk == "cmd 5\ncmd 6\ncmd 7\ncmd 8\ncmd 9\ncmd 10\n")
        #expect(HistoryStore(url: url, maxEntries: 2).entries == ["cmd 9", "cmd 10"])
    }

    @Test func atTheCapAnEntryIsOneAppendNotARewrite() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let url = URL(fileURLWithPath: dir + "/history")
        let store = HistoryStore(url: url, maxEntries: 100)
        for i in 1...150 { try store.append("cmd \(i)") }
        let inode = { () throws -> Int in
            ((try FileManager.default.attributesOfItem(atPath: url.path))[.systemFileNumber] as? NSNumber)?.intValue
                ?? -1
        }
        let before = try inode()
        for i in 151...200 { try store.append("cmd \(i)") }
        #expect(try inode() == before, "the file was rewritten (renamed over) below twice the cap")
        #expect(store.entries.count == 100)
        try store.append("cmd 201")
        #expect(try inode() != before, "compacted past twice the cap")
        #expect(HistoryStore.load(url).count == 100)
    }

    @Test func aLineCutInTheMiddleDamagesOnlyItself() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let path = dir + "/history"
        _ = FileManager.default.createFile(atPath: path, contents: Data("first\npeople | fir".utf8))
        let store = HistoryStore(url: URL(fileURLWithPath: path))
        try store.append("tags")
        #expect(HistoryStore(url: URL(fileURLWithPath: path)).entries == ["first", "people | fir", "tags"])
    }

    @Test func multiLineEntriesRoundTrip() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let url = URL(fileURLWithPath: dir + "/history")
        let entries = [
            "for x in range 1 3 {\n  echo $x\n}", "echo \"a\\nb\" \\ back\\slash", "trailing\\", "crlf\r\nline",
            "ünïcödé ✓",
        ]
        let store = HistoryStore(url: url)
        for e in entries { try store.append(e) }
        #expect(store.entries == entries)
        #expect(HistoryStore(url: url).entries == entries)
        let lines = String(decoding: try Data(contentsOf: url), as: UTF8.self).split(separator: "\n")
        #expect(lines.count == entries.count)
    }

    @Test func persistsAcrossInstancesAndSharesTheFile() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        let url = URL(fileURLWithPath: dir + "/history")
        let first = HistoryStore(url: url)
        try first.append("people --tag vip")
        let second = HistoryStore(url: url)
        #expect(second.entries == ["people --tag vip"])
        try first.append("count")
        try second.append("echo two")
        #expect(HistoryStore(url: url).entries == ["people --tag vip", "count", "echo two"])
    }

    @Test func unwritableLocationThrowsButKeepsTheEntry() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        _ = FileManager.default.createFile(atPath: dir + "/file", contents: Data())
        let store = HistoryStore(url: URL(fileURLWithPath: dir + "/file/sub/history"))
        #expect(throws: (any Error).self) { try store.append("x") }
        #expect(store.entries == ["x"])
    }

    @Test func aFailedWriteIsReportedOnce() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        _ = FileManager.default.createFile(atPath: dir + "/file", contents: Data())
        let store = HistoryStore(url: URL(fileURLWithPath: dir + "/file/sub/history"))
        #expect(store.appendReportingOnce("a")?.code == "history.write")
        #expect(store.appendReportingOnce("b") == nil)
        #expect(store.entries == ["a", "b"])
    }

    @Test func defaultLocation() {
        #expect(HistoryStore.defaultURL(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]).path == "/s/crm/history")
        #expect(HistoryStore.defaultURL(environment: ["HOME": "/h"]).path == "/h/.local/state/crm/history")
        #expect(
            HistoryStore.defaultURL(environment: ["XDG_STATE_HOME": "", "HOME": "/h"]).path
                == "/h/.local/state/crm/history")
        #expect(
            HistoryStore.defaultURL(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]).path
                == "/h/.local/state/crm/history")
    }
}
