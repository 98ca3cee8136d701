import CRMCore
import CRMLanguage
import CRMLineEditor

/// `textDocument/completion`: the REPL's Tab completer on the cursor's line, fed from the document
/// instead of a live session — `$variables` and `def` names defined in the script, and no server
/// values (the editor never waits on the network; dynamic sources offer nothing here).
extension LanguageServer {
    /// LSP's `CompletionItemKind` values used here.
    enum CompletionKind: Int {
        case function = 3
        case variable = 6
        case property = 10
        case value = 12
        case keyword = 14
        case file = 17
    }

    func completion(_ params: Value) -> Result<Value, RequestError> {
        withTarget(params) { open, position in
            let doc = open.document
            let line = doc.lineText(position.line)
            let cursor = doc.characterOffset(of: position)
            let context = completionContext(open, beforeLine: position.line + 1)
            let result = Completer.complete(line: line, cursor: cursor, context: context)
            let replace = LSPRange(
                start: doc.position(line: position.line + 1, column: result.replaceFrom + 1),
                end: doc.position(line: position.line + 1, column: cursor + 1))
            let spec = callSpec(open, line: position.line + 1, column: cursor + 1)
            let typedBefore = String(doc.line(position.line).prefix(result.replaceFrom))
            let items = result.items.map {
                item(for: $0, replacing: replace, command: spec, typedBefore: typedBefore, open: open)
            }
            return .record(["isIncomplete": false, "items": .list(items)])
        }
    }

    /// What the completer may offer at a line: the variables and functions the script defines
    /// before it (variables) or anywhere (functions, which are hoisted).
    func completionContext(_ open: OpenDocument, beforeLine line: Int) -> CompletionContext {
        var variables: [String: Value] = [:]
        var functions: [String] = []
        for d in open.outline.definitions {
            switch d.kind {
            case .function: functions.append(d.name)
            case .variable, .loopVariable: if d.location.line <= line { variables[d.name] = .null }
            case .parameter: if d.covers(line: line) { variables[d.name] = .null }
            }
        }
        return CompletionContext(
            specs: environment.commands.allSpecs, variables: variables, functionNames: functions,
            dynamicValues: { _ in [] })
    }

    /// The command of the call the cursor is in: the last call on the line starting before it.
    func callSpec(_ open: OpenDocument, line: Int, column: Int) -> CommandSpec? {
        open.outline.calls.last { $0.location.line == line && $0.location.column < column && $0.spec != nil }?.spec
    }

    func item(
        for c: CompletionItem, replacing range: LSPRange, command: CommandSpec?, typedBefore: String,
        open: OpenDocument
    ) -> Value {
        var kind = CompletionKind.value
        var detail: String?
        var documentation: String?
        if c.value.hasPrefix("--") {
            kind = .property
            if let flag = command?.flag(named: String(c.value.dropFirst(2))) {
                detail = flag.type == .bool ? "--\(flag.name)" : "--\(flag.name) <\(flag.type.placeholder)>"
                documentation = flag.summary
            }
        } else if c.value.hasPrefix("$") {
            kind = .variable
        } else if let spec = commandNamed(completing: c.value, after: typedBefore) {
            kind = .function
            detail = spec.summary
            documentation = environment.help(spec)
        } else if open.outline.definitions.contains(where: { $0.name == c.value && $0.isFunction }) {
            kind = .function
            detail = "def \(c.value)"
        } else if CompletionContext.defaultKeywords.contains(c.value) {
            kind = .keyword
        } else if c.value.hasSuffix("/") {
            kind = .file
        }
        var out: Record = [
            "label": .string(c.display), "kind": .int(kind.rawValue),
            "textEdit": ["range": range.json, "newText": .string(c.value)],
        ]
        if let detail { out["detail"] = .string(detail) }
        if let documentation { out["documentation"] = ["kind": "plaintext", "value": .string(documentation)] }
        return .record(out)
    }
}

extension ScriptOutline.Definition {
    var isFunction: Bool { if case .function = kind { true } else { false } }

    var isParameter: Bool { if case .parameter = kind { true } else { false } }

    /// Whether `line` is between the definition and the end of its scope (functions, parameters).
    func covers(line: Int) -> Bool { location.line <= line && line <= (scopeEndLine ?? location.line) }
}

extension LanguageServer {
    /// The command a completed word names: the word itself (`people`), or the last word of a longer
    /// name whose first words are typed just before it (`people g|` → `people get`).
    func commandNamed(completing word: String, after typed: String) -> CommandSpec? {
        let before = typed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        for n in stride(from: min(before.count, CommandNames.maxWords - 1), through: 0, by: -1) {
            let name = (before.suffix(n) + [word]).joined(separator: " ")
            if let spec = environment.commands.command(named: name)?.spec { return spec }
        }
        return nil
    }
}
