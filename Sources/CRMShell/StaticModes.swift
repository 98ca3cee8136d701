import CRMClient
import CRMBulk
import CRMCore
import Foundation

/// The modes of `crm` that only print text and need no session: `--help` (of crm, a mode or a
/// command), `--version`, `help --man`, `completions SHELL` and the value lists the completion
/// scripts ask for.
enum StaticModes {
    /// Runs `mode` when it is one of these; nil for the other modes.
    static func run(_ mode: LaunchOptions.Mode, term: Terminal) -> Int32? {
        let text: String
        switch mode {
        case .help(let topic): text = help(topic)
        case .version: text = "crm \(Shell.version)"
        case .manPage: text = ManPage.roff(specs: ShellRegistry.make().allSpecs)
        case .completions(let shell): text = ShellCompletions.script(for: shell)
        case .completionValues(let kind):
            text = completionValues(kind, environment: ProcessInfo.processInfo.environment).joined(separator: "\n")
        default: return nil
        }
        if !text.isEmpty { term.out(text.hasSuffix("\n") ? text : text + "\n") }
        term.flush()
        return 0
    }

    /// `crm --help`, `crm MODE --help`, or `crm help COMMAND`.
    static func help(_ topic: [String]) -> String {
        guard let first = topic.first else { return LaunchSpec.usage }
        if topic.count == 1, let mode = LaunchSpec.mode(first) { return LaunchSpec.usage(of: mode) }
        return HelpText.render(topic: topic, specs: ShellRegistry.make().allSpecs)
    }

    /// The words a completion script offers for `kind`: `profiles` (from the config and the
    /// environment) or `runs` (run ids, newest first). Unknown kinds and unreadable configs give
    /// nothing: completion must never print an error into the user's command line.
    static func completionValues(_ kind: String, environment env: [String: String]) -> [String] {
        switch kind {
        case "profiles":
            let session = try? Session(configURL: Session.defaultConfigURL(environment: env), environment: env)
            return (session?.listProfiles() ?? []).compactMap { $0[field: "name"]?.stringValue }
        case "runs":
            let dir = RunJournal.directory(state: ShellHost.stateDirectory(env))
            return RunJournal.files(in: dir).prefix(100).map { $0.deletingPathExtension().lastPathComponent }
        default:
            return []
        }
    }
}
