import CRMCore
import Foundation
import Testing

/// A run undone once is not undone again (its reverse writes would go out twice), and a write
/// over an endless stream on a guarded profile is refused instead of counting the stream forever.
@Suite("run hardening", .serialized)
struct RunHardeningTests {
    let writes = WriteRunTests()
    let addTag = WriteGuardTests.addTag
    static let removeTag = "PUT /api/v2/people/{person_id}/remove-tag"

    @Test func aSecondUndoOfTheSameRunIsRefusedAndARedoStaysAllowed() async throws {
        let h = try await BulkRunTests.everyoneVIP(30)
        defer { Task { await h.stop() } }
        let run = try await h.run("for p in people | people remove-tag $p.id vip")
        #expect(run.status == 0, "stderr: \(run.err)")
        let id = try #require(run.runID)
        let undo = try await h.run("runs undo \(id)")
        #expect(undo.status == 0, "stderr: \(undo.err)")
        let undoID = try #require(undo.runID)
        let added = try await WriteGuardTests().count(h, addTag)
        #expect(added == 30)

        let again = try await h.run("runs undo \(id)")
        #expect(again.status == 9, "stderr: \(again.err)")
        #expect(again.err.contains("Run \(id) was already undone by run \(undoID)"), "\(again.err)")
        #expect(again.err.contains(":1:"), "a located error: \(again.err)")
        #expect(try await WriteGuardTests().count(h, addTag) == added)

        var json = Settings()
        json.output = "json"
        let listed = try Value.parseJSON(try await h.run("runs", settings: json).out).listValue ?? []
        let original = try #require(listed.first { $0[field: "id"]?.stringValue == id })
        #expect(original[field: "undoneBy"]?.stringValue == undoID)
        let undoRow = try #require(listed.first { $0[field: "id"]?.stringValue == undoID })
        #expect(undoRow[field: "undoes"]?.stringValue == id)
        let show = try await h.run("runs show \(id)")
        #expect(show.err.contains("Run \(id) was undone by run \(undoID)."), "\(show.err)")

        // Undoing the undo run redoes the removals.
        let redo = try await h.run("runs undo \(undoID)")
        #expect(redo.status == 0, "stderr: \(redo.err)")
        #expect(try await WriteGuardTests().count(h, Self.removeTag) == 60)
    }

    static let endless = [
        "tail channels --since 3650d | people add-tag newsletter",
        "for c in tail channels --since 3650d { people add-tag $c.id newsletter }",
        "tail channels --since 3650d | each { people add-tag $it.id newsletter }",
        "for c in tail channels --since 3650d { echo $c.id; people add-tag $c.id newsletter }",
    ]

    @Test(arguments: endless) func aGuardedWriteOverAnEndlessStreamIsRefusedUpFront(script: String) async throws {
        let h = try await BulkRunTests.everyoneVIP(10)
        defer { Task { await h.stop() } }
        let r = try await h.run(script, extraEnv: WriteGuardTests.prod)
        #expect(r.status == 9, "\(script): \(r.err)")
        #expect(r.err.contains("over an endless stream"), "\(r.err)")
        #expect(r.err.contains("first N") && r.err.contains("--yes"), "\(r.err)")
        #expect(r.err.contains(":1:"), "a located error: \(r.err)")
        #expect(try await WriteGuardTests().count(h, addTag) == 0)
    }

    @Test func firstNBoundsAnEndlessStream() async throws {
        let h = try await BulkRunTests.everyoneVIP(10)
        defer { Task { await h.stop() } }
        let tail = try await h.run(
            "tail channels --since 3650d | first 2 | get id | people add-tag newsletter --dry-run",
            extraEnv: WriteGuardTests.prod)
        #expect(tail.status == 0, "stderr: \(tail.err)")
        #expect(tail.out.contains("targets: 2"), "\(tail.out)")
        #expect(try await WriteGuardTests().count(h, addTag) == 0)
    }
}
