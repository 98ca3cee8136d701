import CRMCore
import Foundation

/// Everything the completer may consult, gathered by the shell for each Tab press.
///
/// The closures run on the thread that pressed Tab, so they must answer from memory (cached server
/// values, a directory listing) and never wait on the network: completion never blocks the prompt.
public struct CompletionContext {
    /// The declarations of every command (names, flags, parameters, completion sources).
    public var specs: [CommandSpec]
    /// The shell variables visible at the prompt, for `$name` and `$name.field` completion.
    public var variables: [String: Value]
    /// Names of functions defined with `def`.
    public var functionNames: [String]
    /// Language keywords offered at a command position (`set let if else for in def source exit`).
    public var keywords: [String]
    /// Cached values for `CompletionSource.dynamic(kind)`; must not block.
    public var dynamicValues: (String) -> [CompletionItem]
    /// Paths completing a prefix (`sr` → `src/`), directories ending in `/`.
    public var listFiles: (String) -> [String]

    /// A context; by default there are no dynamic values and files come from the file system.
    public init(
        specs: [CommandSpec], variables: [String: Value] = [:], functionNames: [String] = [],
        keywords: [String] = CompletionContext.defaultKeywords,
        dynamicValues: @escaping (String) -> [CompletionItem] = { _ in [] },
        listFiles: @escaping (String) -> [String] = FileCompleter.listFiles
    ) {
        self.specs = specs
        self.variables = variables
        self.functionNames = functionNames
        self.keywords = keywords
        self.dynamicValues = dynamicValues
        self.listFiles = listFiles
    }

    /// The keywords of the crm language.
    public static let defaultKeywords = ["set", "let", "if", "else", "for", "in", "def", "source", "exit"]
}
