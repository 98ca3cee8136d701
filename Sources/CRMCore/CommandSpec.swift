/// The declaration of one command: the single source that drives argument binding, `help`, Tab
/// completion, the README command table and the sandbox coverage test.
public struct CommandSpec: Sendable {
    /// The command name; may be two words (`people get`, `profile use`).
    public var name: String
    /// Other names that reach the same command.
    public var aliases: [String]
    /// The help section (`filters`, `formats`, `leeloo v1`, `leeloo v2`, `chattonic`, `session`, …).
    public var group: String
    /// One sentence, shown in `help` and the README table.
    public var summary: String
    /// Positional parameters in order.
    public var parameters: [ParameterSpec]
    /// Flags (`--tag vip`).
    public var flags: [FlagSpec]
    /// Example lines; each must run against the sandbox in the tests.
    public var examples: [String]
    /// The HTTP endpoints this command calls, for the coverage test and the README.
    public var endpoints: [EndpointSpec]
    /// Whether the command reads its pipeline input (`$people | where …`, `… | send-template`).
    public var acceptsInput: Bool
    /// Whether the command changes server state (guarded by `--dry-run`, `--yes`, the journal).
    public var isWrite: Bool
    /// Whether a line calling this command must stay out of history (`login`, `set-token`).
    public var isSecretLine: Bool
    /// Whether the command works on a stream as a whole (`first`, `where`, `sort-by`, `count`, …):
    /// written first after a card loop's source, it would run once per item, so the resolver
    /// refuses it there (`for c in (connections | first 1) | …` is the form meant). Set with
    /// `streamFilter()`.
    public var isStreamFilter = false
    /// A raw request (`get`, `post`, `put`, `delete`): it declares no endpoint, yet sends one, so it
    /// takes `--curl` as the named API commands do.
    public var isRawRequest = false

    public init(
        _ name: String, aliases: [String] = [], group: String, summary: String,
        parameters: [ParameterSpec] = [], flags: [FlagSpec] = [], examples: [String] = [],
        endpoints: [EndpointSpec] = [], acceptsInput: Bool = false, isWrite: Bool = false,
        isSecretLine: Bool = false
    ) {
        self.name = name
        self.aliases = aliases
        self.group = group
        self.summary = summary
        self.parameters = parameters
        self.flags = flags
        self.examples = examples
        self.endpoints = endpoints
        self.acceptsInput = acceptsInput
        self.isWrite = isWrite
        self.isSecretLine = isSecretLine
    }

    /// This declaration marked as a stream filter (see `isStreamFilter`).
    public func streamFilter() -> CommandSpec {
        var spec = self
        spec.isStreamFilter = true
        return spec
    }

    /// The flag named `name` (without dashes), or one whose short form is `name`.
    public func flag(named name: String) -> FlagSpec? {
        flags.first { $0.name == name || ($0.short.map(String.init) == name) }
    }

    /// A one-line usage string: `people get <id> [--include <list>]`.
    public var usage: String {
        var parts = [name]
        for p in parameters {
            let inner = p.isVariadic ? "\(p.name)…" : p.name
            parts.append(p.isOptional || p.isVariadic ? "[\(inner)]" : "<\(inner)>")
        }
        for f in flags {
            parts.append(f.type == .bool ? "[--\(f.name)]" : "[--\(f.name) <\(f.type.placeholder)>]")
        }
        return parts.joined(separator: " ")
    }
}

/// The type a flag or parameter value is bound to.
public enum ArgType: Sendable, Equatable {
    /// Text; numbers are accepted and turned into their text.
    case string
    /// A whole number.
    case int
    /// A number.
    case double
    /// A switch: present means true; `--x=false` turns it off.
    case bool
    /// Any value (record or list literals, `$vars`), passed through as it is.
    case any
    /// One of a fixed set of words.
    case choice([String])
    /// A file path (completed from the file system).
    case path
    /// A `{ … }` block (for `each`, `where`).
    case block

    /// The placeholder shown in usage lines.
    public var placeholder: String {
        switch self {
        case .string: "text"
        case .int: "n"
        case .double: "number"
        case .bool: ""
        case .any: "value"
        case .choice(let c): c.joined(separator: "|")
        case .path: "file"
        case .block: "{…}"
        }
    }
}

/// Where Tab completion finds values for a flag or parameter.
public enum CompletionSource: Sendable, Equatable, Hashable {
    /// Nothing to offer.
    case none
    /// File paths.
    case files
    /// A fixed list of words.
    case words([String])
    /// Values fetched from the server of the current profile, cached with a TTL (`tags`, `templates`,
    /// `categories`, `tunnels`, `users`, `funnels`, `groups`), or local ones (`profiles`, `runs`).
    case dynamic(String)
}

/// A `--flag` of a command.
public struct FlagSpec: Sendable {
    /// The long name without dashes.
    public var name: String
    /// A one-letter short form (`-n`), if any.
    public var short: Character?
    /// The value type; `.bool` flags take no value.
    public var type: ArgType
    /// One line of help.
    public var summary: String
    /// Whether the flag may be given more than once; the bound value is then a list.
    public var isRepeatable: Bool
    /// Whether the value is a secret: the line is kept out of history and traces mask it.
    public var isSecret: Bool
    /// Where completion finds values.
    public var completion: CompletionSource

    public init(
        _ name: String, short: Character? = nil, _ type: ArgType = .string, _ summary: String,
        repeatable: Bool = false, secret: Bool = false, completion: CompletionSource = .none
    ) {
        self.name = name
        self.short = short
        self.type = type
        self.summary = summary
        self.isRepeatable = repeatable
        self.isSecret = secret
        if completion == .none, case .choice(let words) = type {
            self.completion = .words(words)
        } else if completion == .none, type == .path {
            self.completion = .files
        } else {
            self.completion = completion
        }
    }
}

/// A positional parameter of a command.
public struct ParameterSpec: Sendable {
    /// The name used in usage lines and in `Arguments`.
    public var name: String
    /// The value type.
    public var type: ArgType
    /// One line of help.
    public var summary: String
    /// Whether it may be left out.
    public var isOptional: Bool
    /// Whether it takes all remaining positional values (bound as a list).
    public var isVariadic: Bool
    /// Where completion finds values.
    public var completion: CompletionSource

    public init(
        _ name: String, _ type: ArgType = .string, _ summary: String, optional: Bool = false,
        variadic: Bool = false, completion: CompletionSource = .none
    ) {
        self.name = name
        self.type = type
        self.summary = summary
        self.isOptional = optional
        self.isVariadic = variadic
        self.completion = completion == .none && type == .path ? .files : completion
    }
}

/// One HTTP endpoint a command calls: which API, the method and the documented path template.
public struct EndpointSpec: Sendable, Hashable {
    /// Which API.
    public var api: API
    /// `GET`, `POST`, `PUT`, `DELETE`.
    public var method: String
    /// The documented path with `{placeholders}`: `/api/v2/people/{person_id}` for Leeloo,
    /// `/api/v1/{codename}/lead/records` for Chat-Tonic.
    public var path: String

    public init(_ api: API, _ method: String, _ path: String) {
        self.api = api
        self.method = method
        self.path = path
    }
}
