import CRMCore
import CRMLanguage
import Foundation

/// Hover, go to definition and document symbols, all answered from the outline of the open
/// document and the command declarations (help text comes from the shell's own renderer).
extension LanguageServer {
    func hover(_ params: Value) -> Result<Value, RequestError> {
        withTarget(params) { open, position in
            guard let found = CursorTarget.find(position, in: open) else { return .null }
            let text: String
            let range: LSPRange
            switch found {
            case .call(let call, let r):
                range = r
                if let spec = call.spec {
                    text = "```text\n\(environment.help(spec))\n```"
                } else if let name = call.function, let def = CursorTarget.function(named: name, in: open.outline) {
                    text = functionSignature(def) + "\n\n" + definedAt(def, in: open)
                } else {
                    return .null
                }
            case .flag(let name, let call, let r):
                range = r
                guard let spec = call.spec, let flag = spec.flag(named: name) else { return .null }
                let value = flag.type == .bool ? "" : " <\(flag.type.placeholder)>"
                text = "`--\(flag.name)\(value)`" + (flag.isRepeatable ? " (repeatable)" : "") + " — \(flag.summary)"
            case .variable(let name, let location, let r):
                range = r
                guard let def = CursorTarget.definition(ofVariable: name, at: location, in: open.outline) else {
                    return .null
                }
                text = "`$\(name)`\n\n" + definedAt(def, in: open)
            case .definition(let def, let r):
                range = r
                text = def.isFunction ? functionSignature(def) : "`$\(def.name)`"
            }
            return ["contents": ["kind": "markdown", "value": .string(text)], "range": range.json]
        }
    }

    func functionSignature(_ def: ScriptOutline.Definition) -> String {
        guard case .function(let parameters) = def.kind else { return def.name }
        return "`def \(def.name)(\(parameters.joined(separator: ", ")))`"
    }

    /// "Defined at line N:" and that line, trimmed.
    func definedAt(_ def: ScriptOutline.Definition, in open: OpenDocument) -> String {
        let line = open.document.lineText(def.location.line - 1).trimmingCharacters(in: .whitespaces)
        return "Defined at line \(def.location.line):\n```crm\n\(line)\n```"
    }

    func definition(_ params: Value) -> Result<Value, RequestError> {
        withTarget(params) { open, position in
            let def: ScriptOutline.Definition?
            switch CursorTarget.find(position, in: open) {
            case .call(let call, _):
                def = call.function.flatMap { CursorTarget.function(named: $0, in: open.outline) }
            case .variable(let name, let location, _):
                def = CursorTarget.definition(ofVariable: name, at: location, in: open.outline)
            case .definition(let d, _):
                def = d
            case .flag, nil:
                def = nil
            }
            guard let def else { return .null }
            let range = CursorTarget.nameRange(of: def, in: open.document)
            return ["uri": .string(open.document.uri), "range": range.json]
        }
    }

    /// `def`s and top-level `set`/`let` variables (each name once, at its first definition), as
    /// a flat list of `DocumentSymbol`s.
    func documentSymbols(_ params: Value) -> Result<Value, RequestError> {
        guard let uri = params[field: "textDocument"]?[field: "uri"]?.stringValue else {
            return .failure(.invalidParams("Missing textDocument.uri."))
        }
        guard let open = documents[uri] else { return .failure(.invalidParams("Document '\(uri)' is not open.")) }
        var seen = Set<String>()
        var symbols: [Value] = []
        for d in open.outline.definitions {
            let kind: Int
            switch d.kind {
            case .function: kind = 12
            case .variable(let isLet) where d.isTopLevel: kind = isLet ? 14 : 13
            default: continue
            }
            guard seen.insert((d.isFunction ? "def " : "$") + d.name).inserted else { continue }
            let nameRange = CursorTarget.nameRange(of: d, in: open.document)
            let lineEnd = open.document.position(line: d.scopeEndLine ?? d.location.line, column: Int.max / 2)
            let full = LSPRange(start: open.document.position(of: d.location), end: lineEnd)
            var symbol: Record = [
                "name": .string(d.name), "kind": .int(kind), "range": full.json, "selectionRange": nameRange.json,
            ]
            if case .function(let parameters) = d.kind {
                symbol["detail"] = .string("(\(parameters.joined(separator: ", ")))")
            }
            symbols.append(.record(symbol))
        }
        return .success(.list(symbols))
    }
}
