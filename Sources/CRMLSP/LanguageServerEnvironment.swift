import CRMCore
import Foundation

/// What the language server is handed by the program that starts it: the shell's own command
/// registry and help renderer, so the editor sees exactly the commands, flags and help text the
/// shell has (one owner for each; the server keeps no list of its own).
public struct LanguageServerEnvironment: Sendable {
    /// The commands the shell resolves names against.
    public var commands: any CommandLookup
    /// A command's help text as `help COMMAND` prints it (shown on hover).
    public var help: @Sendable (CommandSpec) -> String
    /// The version reported in `initialize`'s `serverInfo`.
    public var version: String
    /// Reads a `source`d file (path, relative to the including file); local files only, so a
    /// diagnostic never waits on the network.
    public var readSource: @Sendable (String, String?) throws -> (text: String, name: String)

    /// An environment; `readSource` defaults to reading local files.
    public init(
        commands: any CommandLookup, help: @escaping @Sendable (CommandSpec) -> String, version: String,
        readSource: @escaping @Sendable (String, String?) throws -> (text: String, name: String) =
            LanguageServerEnvironment.readLocalFile
    ) {
        self.commands = commands
        self.help = help
        self.version = version
        self.readSource = readSource
    }

    /// Reads `path` from the local disk, relative to the directory of `relativeTo` when it is not
    /// absolute (as `source` does in a script).
    @Sendable public static func readLocalFile(_ path: String, relativeTo: String?) throws -> (
        text: String, name: String
    ) {
        var full = (path as NSString).expandingTildeInPath
        if !full.hasPrefix("/"), let base = relativeTo, base.contains("/") {
            full = ((base as NSString).deletingLastPathComponent as NSString).appendingPathComponent(full)
        }
        guard let data = FileManager.default.contents(atPath: full),
            let text = String(data: data, encoding: .utf8)
        else {
            throw CRMError("io.not-found", "Cannot read '\(path)': no such UTF-8 file.")
        }
        return (text, path)
    }
}
