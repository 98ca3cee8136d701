import CRMCore
import CRMLanguage

/// `textDocument/formatting`: the text `crm fmt` would write, as one edit of the whole document
/// (no edit when it is already formatted; none either when it does not parse — the diagnostics
/// say why).
extension LanguageServer {
    func formatting(_ params: Value) -> Result<Value, RequestError> {
        guard let uri = params[field: "textDocument"]?[field: "uri"]?.stringValue else {
            return .failure(.invalidParams("Missing textDocument.uri."))
        }
        guard let open = documents[uri] else { return .failure(.invalidParams("Document '\(uri)' is not open.")) }
        let doc = open.document
        guard let formatted = try? ScriptFormatter.format(doc.text, file: open.fileName) else { return .success(.null) }
        guard formatted != doc.text else { return .success(.list([])) }
        let last = doc.lineCount - 1
        let end = doc.position(line: last + 1, column: doc.line(last).count + 1)
        let range = LSPRange(start: LSPPosition(line: 0, character: 0), end: end)
        return .success(.list([["range": range.json, "newText": .string(formatted)]]))
    }
}
