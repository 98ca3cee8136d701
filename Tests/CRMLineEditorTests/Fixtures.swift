import CRMCore
import CRMLineEditor

/// Declarations shaped like the real registry's, for completion and history-policy tests.
enum Fixtures {
    static let specs: [CommandSpec] = [
        CommandSpec(
            "people", group: "leeloo v2", summary: "List people.",
            flags: [
                FlagSpec(
                    "tag", short: "t", .string, "Only people with this tag.", repeatable: true,
                    completion: .dynamic("tags")),
                FlagSpec("limit", .int, "At most this many."),
                FlagSpec("output", .choice(["json", "csv", "table"]), "Format."),
                FlagSpec("verbose", .bool, "Trace."),
            ]),
        CommandSpec(
            "people get", group: "leeloo v2", summary: "One person.",
            parameters: [ParameterSpec("id", .string, "Person id.", completion: .dynamic("people"))],
            flags: [FlagSpec("include", .choice(["accounts", "orders"]), "Also fetch.")]),
        CommandSpec(
            "people add-tag", group: "leeloo v2", summary: "Tag a person.",
            parameters: [
                ParameterSpec("id", .string, "Person id.", completion: .dynamic("people")),
                ParameterSpec("tag", .string, "Tag.", completion: .dynamic("tags")),
            ]),
        CommandSpec(
            "v1 orders", group: "leeloo v1", summary: "List orders.", flags: [FlagSpec("limit", .int, "At most.")]),
        CommandSpec(
            "v1 orders get", group: "leeloo v1", summary: "One order.",
            parameters: [ParameterSpec("id", .string, "Order id.")],
            flags: [FlagSpec("include", .choice(["accounts"]), "Also fetch.")]),
        CommandSpec("to json", group: "formats", summary: "JSON.", acceptsInput: true),
        CommandSpec("to csv", group: "formats", summary: "CSV.", acceptsInput: true),
        CommandSpec("to ndjson", group: "formats", summary: "NDJSON.", acceptsInput: true),
        CommandSpec(
            "where", group: "filters", summary: "Filter.", parameters: [ParameterSpec("predicate", .block, "Test.")],
            acceptsInput: true),
        CommandSpec(
            "each", group: "filters", summary: "Run a block.", parameters: [ParameterSpec("body", .block, "Body.")]),
        CommandSpec("count", group: "filters", summary: "Count.", acceptsInput: true),
        CommandSpec(
            "sort-by", group: "filters", summary: "Sort.",
            parameters: [
                ParameterSpec("field", .string, "Field.", variadic: true, completion: .words(["name", "age"]))
            ],
            flags: [FlagSpec("reverse", .bool, "Descending.")]),
        CommandSpec(
            "send-template", aliases: ["st"], group: "chattonic", summary: "Send a template.",
            parameters: [ParameterSpec("template", .string, "Template.", completion: .dynamic("templates"))],
            acceptsInput: true),
        CommandSpec(
            "import", group: "io", summary: "Import a file.", parameters: [ParameterSpec("file", .path, "File.")]),
        CommandSpec(
            "echo", group: "core", summary: "Print.", parameters: [ParameterSpec("text", .any, "Text.", variadic: true)]
        ),
        CommandSpec(
            "range", group: "core", summary: "Numbers.",
            parameters: [ParameterSpec("from", .int, "From."), ParameterSpec("to", .int, "To.")]),
        CommandSpec(
            "login", group: "chattonic", summary: "Log in.",
            parameters: [ParameterSpec("user", .string, "User."), ParameterSpec("password", .string, "Password.")],
            isSecretLine: true),
        CommandSpec(
            "profile set-token", group: "session", summary: "Store a token.",
            parameters: [ParameterSpec("token", .string, "Token.")], isSecretLine: true),
        CommandSpec(
            "profile add", group: "session", summary: "Add a profile.",
            parameters: [ParameterSpec("name", .string, "Name.")],
            flags: [FlagSpec("api-key", .string, "Key.", secret: true), FlagSpec("url", .string, "Base URL.")]),
    ]

    static let variables: [String: Value] = [
        "person": ["name": "Ann", "age": 30, "accounts": [["account_id": "a1", "balance": 5]]],
        "people": [["name": "A", "age": 30], ["name": "B", "age": 17]],
        "pet": "cat",
        "n": 3,
    ]

    static func dynamic(_ kind: String) -> [CompletionItem] {
        switch kind {
        case "tags":
            [
                CompletionItem(value: "vip"), CompletionItem(value: "vip-2024"), CompletionItem(value: "new"),
                CompletionItem(value: "big spender"),
            ]
        case "people":
            [
                CompletionItem(value: "101", label: "101 — Ann Lee"),
                CompletionItem(value: "102", label: "102 — Bob Stone"),
            ]
        case "templates":
            [
                CompletionItem(value: "tpl_welcome", label: "tpl_welcome — Welcome"),
                CompletionItem(value: "tpl_bye", label: "tpl_bye — Goodbye"),
            ]
        default: []
        }
    }

    static let files = [
        "scripts/", "scripts/vip.crm", "scripts/daily.crm", "seed.json", "notes dir/", "notes dir/a b.txt",
    ]

    static func listFiles(_ prefix: String) -> [String] {
        files.filter { $0.hasPrefix(prefix) && $0 != prefix && !$0.dropFirst(prefix.count).dropLast().contains("/") }
    }

    static var context: CompletionContext {
        CompletionContext(
            specs: specs, variables: variables, functionNames: ["greet", "people-report"],
            dynamicValues: dynamic, listFiles: listFiles)
    }

    /// Completes `line` with the cursor at the `‸` marker (or at the end when there is none).
    static func complete(_ marked: String) -> CompletionResult {
        if let bar = marked.firstIndex(of: "‸") {
            let cursor = marked.distance(from: marked.startIndex, to: bar)
            var line = marked
            line.remove(at: bar)
            return Completer.complete(line: line, cursor: cursor, context: context)
        }
        return Completer.complete(line: marked, cursor: marked.count, context: context)
    }

    /// The inserted values of a completion.
    static func values(_ marked: String) -> [String] { complete(marked).items.map(\.value) }
}
