import Foundation
import Testing

@testable import CRMShell

/// `crm completions bash|zsh|fish`: each shell is asked for the completions of a few partial
/// command lines. A shell that is not installed skips its test with a message (scripts/setup.sh
/// installs them).
@Suite("outer shell completions", .serialized)
struct CompletionScriptTests {
    /// A home with two profiles and one run journal, and a PATH whose `crm` is the built binary.
    struct World {
        let dir: URL
        var env: [String: String] {
            [
                "HOME": dir.path, "XDG_CONFIG_HOME": dir.path + "/config", "XDG_STATE_HOME": dir.path + "/state",
                "PATH": dir.path + "/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "TERM": "xterm-256color",
            ]
        }
        static let runID = "r20261201T101500Z-abc123"

        static func make() throws -> World {
            let fm = FileManager.default
            let dir = fm.temporaryDirectory.appendingPathComponent("crm-compl-\(UUID().uuidString.prefix(8))")
            for sub in ["bin", "config/crm", "state/crm/runs", "scripts"] {
                try fm.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            guard let crm = CRMBinary.url else { throw CocoaError(.fileNoSuchFile) }
            try fm.createSymbolicLink(atPath: dir.path + "/bin/crm", withDestinationPath: crm.path)
            let config = """
                current = "alpha"
                [profiles.alpha]
                class = "demo"
                leeloo_url = "http://127.0.0.1:1"
                [profiles.beta]
                class = "staging"
                leeloo_url = "http://127.0.0.1:1"

                """
            try config.write(toFile: dir.path + "/config/crm/config.toml", atomically: true, encoding: .utf8)
            try "{}\n".write(toFile: dir.path + "/state/crm/runs/\(runID).jsonl", atomically: true, encoding: .utf8)
            try "echo hi\n".write(toFile: dir.path + "/scripts/vip-report.crm", atomically: true, encoding: .utf8)
            try "x\n".write(toFile: dir.path + "/scripts/notes.txt", atomically: true, encoding: .utf8)
            return World(dir: dir)
        }
    }

    @Test func theValueListsReadTheConfigAndJournals() throws {
        let w = try World.make()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        #expect(StaticModes.completionValues("profiles", environment: w.env).sorted() == ["alpha", "beta"])
        #expect(StaticModes.completionValues("runs", environment: w.env) == [World.runID])
        #expect(StaticModes.completionValues("nonsense", environment: w.env).isEmpty)
    }

    @Test func bash() async throws {
        guard let bash = Subprocess.which("bash") else {
            Issue.record("bash is not installed; skipped")
            return
        }
        let w = try World.make()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        let script = """
            eval "$(crm completions bash)"
            t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=(); _crm; echo "[$*] ${COMPREPLY[*]}"; }
            cd scripts
            t crm --pro
            t crm --profile ''
            t crm -o j
            t crm ''
            t crm sandbox --fault-4
            t crm resume ''
            t crm completions z
            t crm play --st
            t crm vip
            """
        let r = try await Subprocess.run(bash, ["--norc", "--noprofile", "-c", script], env: w.env, cwd: w.dir.path)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("[crm --pro] --profile"), "\(r.out)\(r.err)")
        #expect(lines.contains("[crm --profile ] alpha beta"))
        #expect(lines.contains("[crm -o j] json"))
        #expect(
            lines.first { $0.hasPrefix("[crm ] ") }.map {
                $0.contains("sandbox") && $0.contains("vip-report.crm") && !$0.contains("notes.txt")
            } == true)
        #expect(lines.contains("[crm sandbox --fault-4] --fault-429"))
        #expect(lines.contains("[crm resume ] \(World.runID)"))
        #expect(lines.contains("[crm completions z] zsh"))
        #expect(lines.contains("[crm play --st] --step"))
        #expect(lines.contains("[crm vip] vip-report.crm"))
    }

    @Test func fish() async throws {
        guard let fish = Subprocess.which("fish") else {
            Issue.record("fish is not installed; skipped")
            return
        }
        let w = try World.make()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        let script = """
            crm completions fish | source
            cd scripts
            for line in 'crm --pro' 'crm --profile ' 'crm sandbox --fault-4' 'crm resume ' 'crm completions z' 'crm vip' 'crm play --st'
                echo "[$line]" (complete -C "$line" | string replace -r '\\t.*' '' | string join ' ')
            end
            """
        let r = try await Subprocess.run(fish, ["--no-config", "-c", script], env: w.env, cwd: w.dir.path)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.contains("[crm --pro] --profile"), "\(r.out)\(r.err)")
        #expect(lines.contains("[crm --profile ] alpha beta"))
        #expect(lines.contains("[crm sandbox --fault-4] --fault-429"))
        #expect(lines.contains("[crm resume ] \(World.runID)"))
        #expect(lines.contains("[crm completions z] zsh"))
        #expect(lines.contains("[crm vip] vip-report.crm"))
        #expect(lines.contains("[crm play --st] --step"))
    }

    @Test func zsh() async throws {
        guard let zsh = Subprocess.which("zsh"), Subprocess.which("tmux") != nil else {
            Issue.record("zsh or tmux is not installed; skipped")
            return
        }
        let w = try World.make()
        defer { try? FileManager.default.removeItem(at: w.dir) }
        let t = TmuxSession()
        defer { t.stop() }
        let env = w.env.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        t.start("cd \(w.dir.path)/scripts && env -i \(env) \(zsh) -f")
        t.type(
            "PS1='zsh> '; autoload -U compinit; compinit -u; eval \"$(crm completions zsh)\"; echo loaded",
            then: "Enter")
        #expect(await t.waitFor("\nloaded"))
        let cases: [(typed: String, expect: String)] = [
            ("crm --pro", "crm --profile "),
            ("crm sandbox --fault-4", "crm sandbox --fault-429 "),
            ("crm resume ", "crm resume \(World.runID)"),
            ("crm completions z", "crm completions zsh "),
            ("crm vip", "crm vip-report.crm"),
            ("crm --profile b", "crm --profile beta "),
        ]
        for c in cases {
            t.type(c.typed, then: "Tab")
            #expect(await t.waitFor("zsh> " + c.expect, "completing '\(c.typed)'"))
            t.type("", then: "C-u")
            t.type("clear", then: "Enter")
        }
    }
}
