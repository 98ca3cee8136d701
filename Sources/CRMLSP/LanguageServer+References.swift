import CRMCore
import CRMLanguage

/// `textDocument/references` for `def` functions and variables within the document.
///
/// Variables are matched by name: a `def` parameter or a block local that shadows a top-level
/// name is counted with it (the outline does not keep scopes; good enough for scripts, whose
/// names are mostly top-level).
extension LanguageServer {
    func references(_ params: Value) -> Result<Value, RequestError> {
        let includeDeclaration = params[field: "context"]?[field: "includeDeclaration"] == .bool(true)
        return withTarget(params) { open, position in
            let outline = open.outline
            let doc = open.document
            var ranges: [LSPRange] = []
            func function(_ name: String) {
                if includeDeclaration, let def = CursorTarget.function(named: name, in: outline) {
                    ranges.append(CursorTarget.nameRange(of: def, in: doc))
                }
                for call in outline.calls where call.function == name {
                    ranges.append(doc.wordRange(at: call.location))
                }
            }
            func variable(_ name: String) {
                if includeDeclaration {
                    for d in outline.definitions where d.name == name && !d.isFunction {
                        ranges.append(CursorTarget.nameRange(of: d, in: doc))
                    }
                }
                for use in outline.variableUses where use.name == name {
                    ranges.append(doc.wordRange(at: use.location))
                }
            }
            switch CursorTarget.find(position, in: open) {
            case .call(let call, _):
                guard let name = call.function else { return .null }
                function(name)
            case .variable(let name, _, _):
                variable(name)
            case .definition(let d, _):
                if d.isFunction { function(d.name) } else { variable(d.name) }
            case .flag, nil:
                return .null
            }
            ranges.sort { $0.start < $1.start }
            return .list(ranges.map { ["uri": .string(doc.uri), "range": $0.json] })
        }
    }
}
