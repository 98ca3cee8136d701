import CRMCore
import Foundation
import Testing

@testable import CRMShell

/// `crm --help`, `crm MODE --help`, `--version` and `crm help --man` come from the same declarations.
@Suite("help, version and the man page")
struct ManPageTests {
    let specs = ShellRegistry.make().allSpecs

    @Test func everyModeHasHelp() throws {
        for mode in LaunchSpec.modes where !mode.word.isEmpty && mode.word != "-" && mode.word != "help" {
            let o = try LaunchOptions.parse([mode.word, "--help"])
            #expect(o.mode == .help(topic: [mode.word]), "\(mode.word) --help")
            #expect(StaticModes.help([mode.word]).contains("usage: crm"), "\(mode.word)")
        }
        #expect(StaticModes.help(["sandbox"]).contains("--fault-429"))
        #expect(try LaunchOptions.parse(["--version"]).mode == .version)
        #expect(try LaunchOptions.parse(["help", "--man"]).mode == .manPage)
        #expect(StaticModes.help(["people", "get"]).hasPrefix("people get"))
    }

    @Test func usageListsEveryOptionAndModeAndExitCode() {
        let usage = LaunchSpec.usage
        for o in LaunchSpec.options { #expect(usage.contains(o.label), "\(o.name)") }
        for m in LaunchSpec.modes { #expect(usage.contains(m.usage)) }
        for e in ExitStatus.allCases { #expect(usage.contains("\(e.rawValue) \(e.short)")) }
        #expect(usage.contains("crm \(Shell.version)"))
    }

    @Test func manPageListsEveryCommandOptionModeAndExitCode() {
        let roff = ManPage.roff(specs: specs)
        for s in specs { #expect(roff.contains(".B " + ManPage.escape(s.usage)), "missing command \(s.name)") }
        for o in LaunchSpec.options { #expect(roff.contains(".B " + ManPage.escape(o.label))) }
        for m in LaunchSpec.modes { #expect(roff.contains(".B " + ManPage.escape(m.usage))) }
        for e in ExitStatus.allCases { #expect(roff.contains(".B \(e.rawValue)\n")) }
        for f in SandboxOptionsNames.all { #expect(roff.contains(ManPage.escape(f))) }
        #expect(roff.hasPrefix(".TH CRM 1"))
        #expect(!roff.split(separator: "\n").contains { $0.hasPrefix(".") && $0.count == 1 })
    }

    @Test func manRendersThePage() async throws {
        guard let man = Subprocess.which("man") else {
            Issue.record("man is not installed (scripts/setup.sh installs man-db); skipped rendering")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crm-man-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try ManPage.roff(specs: specs).write(to: dir.appendingPathComponent("crm.1"), atomically: true, encoding: .utf8)
        let r = try await Subprocess.run(
            man, ["./crm.1"], env: ["PATH": "/usr/bin:/bin", "MANWIDTH": "100", "MANPAGER": "cat", "LANG": "C.UTF-8"],
            cwd: dir.path)
        #expect(r.status == 0, "man failed: \(r.err)")
        let text = r.out.replacingOccurrences(of: "\u{8}.", with: "", options: .regularExpression)
        #expect(text.contains("EXIT STATUS"))
        #expect(text.contains("people get"))
        #expect(text.contains("send-template"))
        #expect(!r.err.contains("warning"), "\(r.err)")
    }

    @Test func versionCommandAndLaunchFlagAgree() async throws {
        let h = try await ShellHarness.start()
        defer { Task { await h.stop() } }
        let r = try await h.run("version")
        #expect(r.out.contains("crm \(Shell.version)"))
        let bin = try CRMBinary.run(["--version"])
        #expect(bin.out == "crm \(Shell.version)\n")
    }
}

/// The sandbox's flag names, read from its one declaration.
enum SandboxOptionsNames {
    static var all: [String] { LaunchSpec.mode("sandbox")?.flags.map(\.name) ?? [] }
}
