import CRMCore

/// What an editor needs to know about a script without running it: every error the shell would
/// report before running (syntax, unknown commands, unknown flags), and where names are defined and
/// used. Built by the same lexer, parser and resolver as `crm FILE`, so the editor and the shell
/// never disagree; the AST stays internal to the language and only this summary is public.
///
/// Nothing here runs a statement or touches the network: the only I/O is `readSource`, which the
/// caller hands in (the language server reads local files for `source`).
public struct ScriptOutline: Sendable {
    /// A name the script defines: a `def` function, or a variable of `set`, `let` or `for`.
    public struct Definition: Sendable, Equatable {
        /// What kind of name it is.
        public enum Kind: Sendable, Equatable {
            /// `def name(parameters) { … }`.
            case function(parameters: [String])
            /// `set name = …` or `let name = …`.
            case variable(isLet: Bool)
            /// The variable of a `for name in …` loop.
            case loopVariable
            /// A parameter of the `def` named `function` (located at that `def`).
            case parameter(function: String)
        }
        /// The name without `$`.
        public var name: String
        /// Function, variable or loop variable.
        public var kind: Kind
        /// For a function, the `def` keyword; for a variable, its name after `set`/`let`/`for`.
        public var location: SourceLocation
        /// Whether it stands at the top level of the script (not in a block or a `def`).
        public var isTopLevel: Bool
        /// For a function and its parameters: the last line its body reaches (where the
        /// parameters stop being visible); nil for other names.
        public var scopeEndLine: Int? = nil
    }

    /// A name written somewhere: a `$variable` read, or a `--flag` of a call.
    public struct NameUse: Sendable, Equatable {
        /// The name without `$` or dashes.
        public var name: String
        /// Where its first character (`$` or `-`) is.
        public var location: SourceLocation
    }

    /// One command or function call as written.
    public struct CallSite: Sendable {
        /// The first word as typed (`people` for `people get 42`).
        public var word: String
        /// How many words the resolved name has (2 for `people get`).
        public var nameWords: Int
        /// The declaration it resolved to, when it names a command.
        public var spec: CommandSpec?
        /// The `def` it calls, when it names one.
        public var function: String?
        /// Where its first word starts.
        public var location: SourceLocation
        /// The flags written after it.
        public var flags: [NameUse]
    }

    /// Every error the shell reports before running, in source order: syntax errors when there are
    /// any (the shell stops there), else resolve errors and unknown flags.
    public var errors: [CRMError] = []
    /// Functions and variables defined in the script's own file, in source order.
    public var definitions: [Definition] = []
    /// Every `$variable` read in the script's own file.
    public var variableUses: [NameUse] = []
    /// Every call in the script's own file, in source order.
    public var calls: [CallSite] = []

    /// Lexes, parses and resolves `source` as the file `file`. The outline is filled from whatever
    /// the parser recovered, even when there are syntax errors, so an editor still finds names in a
    /// half-typed script.
    public static func analyze(
        _ source: String, file: String, commands: any CommandLookup,
        readSource: @escaping (String, String?) throws -> (text: String, name: String)
    ) -> ScriptOutline {
        var lexer = Lexer(source, file: file)
        let tokens = lexer.tokenize()
        var parser = Parser(tokens: tokens, file: file)
        let statements = parser.program()
        var resolver = Resolver(
            commands: commands, globals: Globals(), functions: [:], file: file, readSource: readSource)
        let program = resolver.resolveProgram(statements)
        var outline = ScriptOutline()
        var walker = OutlineWalker(file: file)
        walker.walk(program.statements, depth: 0)
        outline.definitions = walker.definitions
        outline.variableUses = walker.variableUses
        outline.calls = walker.calls
        let syntax = lexer.errors + parser.errors
        outline.errors = syntax.isEmpty ? resolver.errors + walker.flagErrors : syntax
        outline.errors.sort {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        return outline
    }
}
