import CRMCore
import Testing

@testable import CRMCommands

/// Issue 12: every write command plans a bulk job with its idempotency and undo set, and tag
/// names resolve once per run.
@Suite("write planners")
struct WritePlannerTests {
    func plan(_ line: String, item: Value = .null, context: PlanContext) async throws -> [BulkJob] {
        let (command, raw) = try Harness.parse(line)
        let args = try ArgumentBinder.bind(raw, to: command.spec)
        let planner = try #require(command.planner, "\(line) has no planner")
        return try await planner(args, item, context)
    }

    func context() -> (FakeAPI, PlanContext) {
        let api = FakeAPI()
        api.respond("GET", "/api/v2/tags", json: leelooTagsBody)
        return (api, PlanContext(api: api))
    }

    @Test func everyWriteCommandHasAPlanner() {
        // Raw requests (`post`, `put`, `delete`: no declared endpoint) stay single, unjournaled requests.
        let writes = Harness.registry.allSpecs.filter { $0.isWrite && !$0.endpoints.isEmpty }.map(\.name)
        #expect(writes.count >= 18)
        for name in writes { #expect(Harness.registry.command(named: name)?.planner != nil, "\(name) has no planner") }
    }

    @Test func addTagIsIdempotentAndUndoneByRemoveTagWithOneTagList() async throws {
        let (api, context) = context()
        for n in 0..<50 {
            let person: Value = ["id": .string("P\(n)"), "name": "Ann", "tags": []]
            let jobs = try await plan("people add-tag vip", item: person, context: context)
            let job = try #require(jobs.first)
            #expect(job.idempotent)
            #expect(job.label == "P\(n) — Ann")
            guard case .request(let undo) = job.undo else {
                Issue.record("add-tag has no undo request")
                continue
            }
            #expect(undo.path == "/api/v2/people/P\(n)/remove-tag")
        }
        #expect(api.requests.count == 1)  // one tag list for the run, no write
    }

    /// Issue 22 §1: a person whose tags the item does not list is read first (one GET each), and
    /// undo is planned from what that read says; when it cannot be read, undo leaves it alone.
    @Test func aPersonGivenWithoutTagsIsReadFirst() async throws {
        let (api, context) = context()
        api.respond("GET", "/api/v2/people/P1", json: #"{"data":{"id":"P1","tags":["vip"]},"status":1}"#)
        api.respond("GET", "/api/v2/people/P2", json: #"{"data":{"id":"P2","tags":[]},"status":1}"#)
        let had = try #require(try await plan("people add-tag vip", item: "P1", context: context).first)
        guard case .irreversible = had.undo else {
            Issue.record("undo would remove a tag P1 had")
            return
        }
        #expect(had.target[field: "unchanged"] == .bool(true))
        let fresh = try #require(try await plan("people add-tag vip", item: "P2", context: context).first)
        guard case .request = fresh.undo else {
            Issue.record("P2 had no vip: undo should remove it")
            return
        }
        let unread = try #require(try await plan("people add-tag vip", item: "P3", context: context).first)
        guard case .irreversible(let why) = unread.undo else {
            Issue.record("undo of P3 (tags unknown) would remove the tag")
            return
        }
        #expect(why.contains("could not be read"))
        #expect(api.requests.filter { $0.path.hasPrefix("/api/v2/people/") }.count == 3)
    }

    @Test func aTagThePersonHadIsNotRemovedByUndo() async throws {
        let (_, context) = context()
        let had: Value = ["id": "P1", "tags": ["vip"]]
        let add = try #require(try await plan("people add-tag vip", item: had, context: context).first)
        guard case .irreversible = add.undo else {
            Issue.record("undo would remove a tag P1 had")
            return
        }
        let remove = try #require(
            try await plan("people remove-tag New", item: ["id": "P2", "tags": []], context: context).first)
        guard case .irreversible = remove.undo else {
            Issue.record("undo would add a tag P2 never had")
            return
        }
    }

    @Test func aTagGivenByIdIsMatchedByNameThroughOneTagList() async throws {
        let (api, context) = context()
        let vip = "595000000000000000000001"
        for n in 0..<20 {
            let had: Value = ["id": .string("P\(n)"), "tags": ["vip"]]
            let add = try #require(try await plan("people add-tag \(vip)", item: had, context: context).first)
            guard case .irreversible = add.undo else {
                Issue.record("undo would remove tag \(vip) (vip) that P\(n) had")
                return
            }
            let lacked: Value = ["id": .string("Q\(n)"), "tags": ["New"]]
            let remove = try #require(try await plan("people remove-tag \(vip)", item: lacked, context: context).first)
            guard case .irreversible = remove.undo else {
                Issue.record("undo would add tag \(vip) (vip) that Q\(n) never had")
                return
            }
            let fresh = try #require(try await plan("people add-tag \(vip)", item: lacked, context: context).first)
            guard case .request = fresh.undo else {
                Issue.record("a tag Q\(n) lacked and got has no undo")
                return
            }
        }
        #expect(api.requests.count == 1)  // one tag list for the run, looked up by id
    }

    @Test func v1TagWritesReverseEachOther() async throws {
        let (_, context) = context()
        let job = try #require(
            try await plan("accounts remove-tag A1 595000000000000000000001", context: context).first)
        #expect(job.idempotent)
        guard case .request(let undo) = job.undo else {
            Issue.record("no undo")
            return
        }
        #expect(undo.path == "/api/v1/accounts/A1/add-tag")
    }

    @Test func createsAreNotIdempotentAndEachOccurrenceIsItsOwnJob() async throws {
        let (_, context) = context()
        let line = "people create --name Ann --lgt L1"
        let first = try await plan(line, context: context)
        let second = try await plan(line, context: context)
        #expect(first.first?.idempotent == false)
        #expect(first.first?.key != second.first?.key)
        guard case .irreversible = first.first?.undo else {
            Issue.record("a create has no undo")
            return
        }
        let update = try await plan("people update P1 --email a@b.c", context: context)
        #expect(update.first?.idempotent == true)
        #expect(update.first?.label == "P1")
    }

    @Test func anUnknownTagIsARunErrorNotATargetError() async throws {
        let (_, context) = context()
        await #expect {
            _ = try await plan("people add-tag vipp", item: ["id": "P1"], context: context)
        } throws: { error in
            guard let e = error as? CRMError else { return false }
            return !e.concernsOneTarget && e.message.contains("Did you mean 'vip'?")
        }
    }
}
