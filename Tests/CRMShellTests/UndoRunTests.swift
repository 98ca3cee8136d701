import CRMCore
import Foundation
import Testing

/// Issue 12: `runs undo ID` on a tag loop planned by the real commands restores the previous tag
/// sets exactly, as a run of its own; undoing the undo redoes; a single write is journaled too.
@Suite("runs undo against the sandbox", .serialized)
struct UndoRunTests {
    let writes = WriteRunTests()

    @Test func undoOfATagLoopRestoresThePreviousTagSetsExactlyAndItsUndoRedoes() async throws {
        let h = try await BulkRunTests.everyoneVIP(300)
        defer { Task { await h.stop() } }
        let before = try await writes.tagSets(h)
        // Everyone has vip, so its removal is exactly reversed by adding it back. (The loop lists
        // everyone, not `--tag vip`: that listing would shift under its own removals.)
        let run = try await h.run("for p in people | people remove-tag $p.id vip")
        #expect(run.status == 0, "stderr: \(run.err)")
        let removed = before.mapValues { $0.subtracting(["vip"]) }
        #expect(try await writes.tagSets(h) == removed)
        let id = try #require(run.runID)

        let dry = try await h.run("runs undo \(id) --dry-run")
        #expect(dry.status == 0, "stderr: \(dry.err)")
        #expect(dry.out.contains("targets: 300"), "\(dry.out)")
        #expect(try await writes.tagSets(h) == removed)

        let undo = try await h.run("runs undo \(id)")
        #expect(undo.status == 0, "stderr: \(undo.err)")
        #expect(undo.err.contains("300 sent, 0 failed"), "\(undo.err)")
        #expect(try await writes.tagSets(h) == before)
        let runs = try await h.run("runs | get command")
        #expect(runs.out.contains("runs undo"), "\(runs.out)")

        let redo = try await h.run("runs undo \(try #require(undo.runID))")
        #expect(redo.status == 0, "stderr: \(redo.err)")
        #expect(try await writes.tagSets(h) == removed)
    }

    @Test func undoOfAnAddTagLoopLeavesThoseWhoHadTheTagAsTheyWere() async throws {
        let h = try await ShellHarness.start { $0.people = 400 }
        defer { Task { await h.stop() } }
        let before = try await writes.tagSets(h)
        let had = before.values.count(where: { $0.contains("partner") })
        #expect(had > 0, "the sandbox tags some people partner already")
        let run = try await h.run("for p in people | people add-tag $p.id partner")
        #expect(run.status == 0, "stderr: \(run.err)")
        #expect(try await writes.tagSets(h) == writes.tagged(before, "partner"))
        let undo = try await h.run("runs undo \(try #require(run.runID))")
        #expect(undo.status == 0, "stderr: \(undo.err)")
        #expect(undo.err.contains("Cannot be undone: \(had) of run"), "\(undo.err)")
        #expect(undo.err.contains("\(400 - had) sent, 0 failed"), "\(undo.err)")
        #expect(try await writes.tagSets(h) == before)
    }

    @Test func aSingleWriteIsJournaledAndCanBeUndone() async throws {
        let h = try await BulkRunTests.everyoneVIP(5)
        defer { Task { await h.stop() } }
        let before = try await writes.tagSets(h)
        let person = try #require(before.keys.sorted().first)
        let one = try await h.run("people add-tag \(person) webinar")
        #expect(one.status == 0, "stderr: \(one.err)")
        var json = Settings()
        json.output = "json"
        let runs = try await h.run("runs", settings: json)
        let last = try #require(try Value.parseJSON(runs.out).listValue?.first)
        #expect(last[field: "command"]?.stringValue == "people add-tag")
        #expect(last[field: "done"]?.intValue == 1)
        #expect(last[field: "unfinished"] == .bool(false))
        let id = try #require(last[field: "id"]?.stringValue)
        let undo = try await h.run("runs undo \(id)")
        #expect(undo.status == 0, "stderr: \(undo.err)")
        if before[person]?.contains("webinar") == false {
            #expect(try await writes.tagSets(h) == before)
        }
    }

    @Test func undoOfAnAddTagByIdLeavesATagThePeopleHadBefore() async throws {
        let h = try await BulkRunTests.everyoneVIP(50)
        defer { Task { await h.stop() } }
        let before = try await writes.tagSets(h)
        var json = Settings()
        json.output = "json"
        let tags = try Value.parseJSON(try await h.run("tags", settings: json).out).listValue ?? []
        let vip = try #require(tags.first { $0[field: "name"]?.stringValue == "vip" }?[field: "id"]?.displayText)
        let run = try await h.run("for p in people | people add-tag $p.id \(vip)")
        #expect(run.status == 0, "stderr: \(run.err)")
        #expect(try await writes.tagSets(h) == before)
        _ = try await h.run("runs undo \(try #require(run.runID))")
        #expect(try await writes.tagSets(h) == before)  // everyone had vip: undo removes it from no one
    }

    /// Issue 22 §1: a person given by a bare id, who had the tag already, is read first: the single
    /// write says so instead of "added", and its undo leaves the tag in place.
    @Test func aSingleAddTagOfATagThePersonHasSaysSoAndIsNotUndone() async throws {
        let h = try await BulkRunTests.everyoneVIP(5)
        defer { Task { await h.stop() } }
        let before = try await writes.tagSets(h)
        let person = try #require(before.keys.sorted().first)
        var json = Settings()
        json.output = "json"
        let one = try await h.run("people add-tag \(person) vip", settings: json)
        #expect(one.status == 0, "stderr: \(one.err)")
        #expect(one.out.contains("already tagged"), "\(one.out)")
        let runs = try Value.parseJSON(try await h.run("runs", settings: json).out).listValue ?? []
        let id = try #require(runs.first?[field: "id"]?.stringValue)
        let undo = try await h.run("runs undo \(id)")
        #expect(undo.err.contains("Cannot be undone: 1"), "\(undo.err)")
        #expect(try await writes.tagSets(h) == before)
    }

    /// Issue 22 §1: a loop over bare ids plans its undo from each person's tags as read before.
    @Test func undoOfALoopOverBareIdsLeavesThoseWhoHadTheTag() async throws {
        let h = try await ShellHarness.start { $0.people = 60 }
        defer { Task { await h.stop() } }
        let before = try await writes.tagSets(h)
        let had = before.values.count(where: { $0.contains("partner") })
        #expect(had > 0, "the sandbox tags some people partner already")
        let run = try await h.run("for id in (people | get id) | people add-tag $id partner")
        #expect(run.status == 0, "stderr: \(run.err)")
        let undo = try await h.run("runs undo \(try #require(run.runID))")
        #expect(undo.err.contains("Cannot be undone: \(had) of run"), "\(undo.err)")
        #expect(try await writes.tagSets(h) == before)
    }
}
