import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// The shell commands for working at the prompt (`run`, `history`, `record`, `clear`) and `--curl`
/// on a single command.
@Suite("prompt commands", .serialized)
struct PromptCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func runTakesAFileAndItsArguments() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let file = Self.root.appendingPathComponent("examples/hello.crm").path
        let r = try await h.run("set who = 'outer'\nrun \(file) Ann\nrun \(file)\necho $who")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("hello Ann"))
        #expect(r.out.contains("hello world"))
        #expect(r.out.contains("outer"), "the script ran in a scope of its own")
        let missing = try await h.run("run /nonexistent/x.crm")
        #expect(missing.status != 0)
        #expect(missing.err.contains("Cannot read '/nonexistent/x.crm'"))
    }

    @Test func curlOnOneCommandSendsNothingAndThenSends() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let before = try await h.stats()[field: "requests"]?[field: "total"]?.intValue ?? -1
        let r = try await h.run("tags --curl")
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("curl -sS "), "\(r.out)")
        #expect(!(r.out + r.err).contains(h.options.leelooToken), "the token is not printed")
        let after = try await h.stats()[field: "requests"]?[field: "total"]?.intValue ?? -1
        #expect(after == before, "--curl sent nothing")
        let next = try await h.run("tags --curl; tags | count")
        #expect(
            try await h.stats()[field: "requests"]?[field: "total"]?.intValue ?? -1 > after, "curl was for one call")
        #expect(next.status == 0)
        // Issue 22 §11: the raw requests take it too, and send nothing.
        let before2 = try await h.stats()[field: "requests"]?[field: "total"]?.intValue ?? -1
        let raw = try await h.run("get /api/v2/tags --curl; post /api/v2/people {name: 'X'} --curl")
        #expect(raw.status == 0, "\(raw.err)")
        #expect(raw.out.contains("-X POST"), "\(raw.out)")
        #expect(try await h.stats()[field: "requests"]?[field: "total"]?.intValue ?? -1 == before2)
    }

    /// A write given `--curl` reads what its printed commands need (the people piped in, the tag
    /// list a name is looked up in) and sends no write; before, the tag was reported unknown and
    /// the piped people were printed as a curl command instead of read.
    @Test func curlOnAWriteReadsWhatItNeedsAndSendsNoWrite() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        func writes() async throws -> Int {
            let byRoute = try await h.stats()[field: "requests"]?[field: "byRoute"]?.recordValue ?? Record()
            return byRoute.fields.filter { !$0.key.hasPrefix("GET ") }.reduce(0) { $0 + ($1.value.intValue ?? 0) }
        }
        let ids = try await h.run("tags | where name == 'vip' | get id; people | first 2 | get id")
        let quoted = ids.out.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map {
            String($0.element)
        }
        try #require(quoted.count == 3, "\(ids.out)")
        let (vip, first, second) = (quoted[0], quoted[1], quoted[2])

        let one = try await h.run("people add-tag \(first) vip --curl")
        #expect(one.status == 0, "\(one.err)")
        #expect(one.out.contains("-X PUT") && one.out.contains("/people/\(first)/add-tag"), "\(one.out)")
        #expect(one.out.contains("{\"tag_id\":\"\(vip)\"}"), "the name was resolved to its id: \(one.out)")

        let piped = try await h.run("people | first 2 | people add-tag vip --curl")
        #expect(piped.status == 0, "\(piped.err)")
        #expect(
            piped.out.contains("/people/\(first)/add-tag") && piped.out.contains("/people/\(second)/add-tag"),
            "\(piped.out)")
        #expect(!piped.out.contains("/api/v2/people?"), "the piped people were read, not printed")
        #expect(!(piped.out + piped.err + one.out + one.err).contains(h.options.leelooToken))
        // With curl on for every command, `people` prints its request: no person comes down the
        // pipe, and the printed line is never taken for an id.
        let global = try await h.run("option curl on; people | first 2 | people add-tag vip")
        #expect(global.status != 0)
        #expect(!global.out.contains("add-tag"), "\(global.out)")
        #expect(global.err.contains("as a person id; an id has no spaces"), "\(global.err)")
        #expect(global.err.contains("put --curl on the write alone"), "\(global.err)")
        #expect(try await writes() == 0, "--curl sent no write")
    }

    @Test func historyListsFiltersAndSavesAScript() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let historyFile = h.stateDir.appendingPathComponent("state/crm/history")
        try FileManager.default.createDirectory(
            at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "set n = 2\npeople --tag vip | first $n\necho done\nhistory\n".write(
            to: historyFile, atomically: true, encoding: .utf8)
        let listed = try await h.run("history --last 2 | to json", settings: Settings())
        #expect(listed.out.contains("echo done"))
        #expect(!listed.out.contains("people"))
        let matched = try await h.run("history PEOPLE | count")
        #expect(matched.out.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        let script = h.stateDir.appendingPathComponent("saved.crm").path
        let saved = try await h.run("history save \(script) --last 3")
        #expect(saved.status == 0, "\(saved.err)")
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(text.contains("set n = 2\nif $1 != null { set n = (from json $1) }"))
        #expect(text.contains("people --tag vip | first $n\necho done\n"))
        #expect(!text.contains("\nhistory"))
        let rerun = try await h.run(text.replacingOccurrences(of: "#!/usr/bin/env crm\n", with: ""))
        #expect(rerun.status == 0, "\(rerun.err)")
    }

    @Test func recordedParametersTakeArgumentsOrDefaults() {
        let text = RecordedScript.text(
            lines: ["set tpl = \"5e42\"", "set n = 3", "set label = \"x $tpl\"", "echo $tpl $n", "set n = 4"],
            how: "Recorded", profile: "demo")
        #expect(text.contains("# Run it again: crm FILE [tpl] [n]"))
        #expect(text.contains("set tpl = \"5e42\"\nif $1 != null { set tpl = $1 }"))
        #expect(text.contains("set n = 3\nif $2 != null { set n = (from json $2) }"))
        #expect(text.contains("\nset label = \"x $tpl\"\necho $tpl $n\nset n = 4\n"), "later sets stay lines")
        #expect(RecordedScript.parameter("set x = (people | count)") == nil)
        #expect(RecordedScript.parameter("set verbose on") == nil)
    }

    @Test func theLoginHintNamesARealCommand() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("funnels", extraEnv: ["CRM_CHATTONIC_TOKEN": ""])
        #expect(r.status == 4)
        let hint = try #require(r.err.range(of: "log in with '"))
        let command = r.err[hint.upperBound...].prefix { $0 != "'" }.split(separator: " ").first.map(String.init) ?? ""
        #expect(ShellRegistry.make().command(named: command) != nil, "the hint names '\(command)': \(r.err)")
    }

    @Test func tableOffATerminalUsesColumnsOrNoLimit() async throws {
        let long = String(repeating: "x", count: 300)
        let script = "echo [{id: \"5e42be758d4fff000cafe6ef\", text: \"\(long)\"}]"
        let free = try await CRMBinary.runAsync(["-o", "table", "-c", script])
        #expect(free.out.contains(long), "no limit without COLUMNS")
        let narrow = try await CRMBinary.runAsync(["-o", "table", "-c", script], env: ["COLUMNS": "60"])
        let lines = narrow.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.count <= 60 }, "\(narrow.out)")
        #expect(lines.last?.hasPrefix("5e42be758d4fff000cafe6ef  xxx") == true)
    }

    @Test func clearWritesNothingOffATerminal() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("clear")
        #expect(r.status == 0)
        #expect(r.out.isEmpty)
    }
}
