import CRMCore
import CRMLanguage
import Foundation

/// An open document with the analysis of its current text (redone on every change, then read by
/// diagnostics, completion, hover, symbols and definition).
struct OpenDocument {
    var document: TextDocument
    var outline: ScriptOutline
    /// The file name the analysis uses: the path of a `file:` URI (so `source` finds files beside
    /// it), else the URI itself.
    var fileName: String
}

extension LanguageServer {
    func didOpen(_ params: Value) -> [Value] {
        guard let item = params[field: "textDocument"], let uri = item[field: "uri"]?.stringValue,
            let text = item[field: "text"]?.stringValue
        else { return [] }
        let doc = TextDocument(uri: uri, version: item[field: "version"]?.intValue ?? 0, text: text)
        return analyze(doc)
    }

    /// Full sync: the last change's `text` is the whole document (a change with a `range` is an
    /// incremental edit, which this server does not announce, so it is ignored).
    func didChange(_ params: Value) -> [Value] {
        guard let uri = params[field: "textDocument"]?[field: "uri"]?.stringValue,
            var doc = documents[uri]?.document,
            let changes = params[field: "contentChanges"]?.listValue,
            let text = changes.last(where: { $0[field: "range"] == nil })?[field: "text"]?.stringValue
        else { return [] }
        doc.replace(text: text, version: params[field: "textDocument"]?[field: "version"]?.intValue ?? doc.version &+ 1)
        return analyze(doc)
    }

    /// Forgets the document and clears its diagnostics.
    func didClose(_ params: Value) -> [Value] {
        guard let uri = params[field: "textDocument"]?[field: "uri"]?.stringValue else { return [] }
        documents[uri] = nil
        return [publishDiagnostics(uri: uri, version: nil, [])]
    }

    /// Analyzes the text, stores the result and returns its diagnostics notification.
    func analyze(_ doc: TextDocument) -> [Value] {
        let fileName = Self.fileName(of: doc.uri)
        let outline = ScriptOutline.analyze(
            doc.text, file: fileName, commands: environment.commands, readSource: environment.readSource)
        documents[doc.uri] = OpenDocument(document: doc, outline: outline, fileName: fileName)
        let diagnostics = outline.errors.map { diagnostic($0, in: doc, fileName: fileName) }
        return [publishDiagnostics(uri: doc.uri, version: doc.version, diagnostics)]
    }

    /// One error as an LSP diagnostic over the word it points at. An error located in a `source`d
    /// file is shown on the first line, with its own `file:line:col` in the message.
    func diagnostic(_ e: CRMError, in doc: TextDocument, fileName: String) -> Value {
        var message = e.message
        if let help = e.help { message += "\nhelp: \(help)" }
        let range: LSPRange
        if let loc = e.location, loc.file == fileName {
            range = doc.wordRange(at: loc)
        } else {
            if let loc = e.location { message = "\(loc): \(message)" }
            range = LSPRange(start: LSPPosition(line: 0, character: 0), end: LSPPosition(line: 0, character: 0))
        }
        return [
            "range": range.json, "severity": 1, "source": "crm", "code": .string(e.code), "message": .string(message),
        ]
    }

    func publishDiagnostics(uri: String, version: Int?, _ diagnostics: [Value]) -> Value {
        var params: Record = ["uri": .string(uri), "diagnostics": .list(diagnostics)]
        if let version { params["version"] = .int(version) }
        return JSONRPC.notification("textDocument/publishDiagnostics", params: .record(params))
    }

    static func fileName(of uri: String) -> String {
        if uri.hasPrefix("file://"), let url = URL(string: uri), !url.path.isEmpty { return url.path }
        return uri
    }

    /// The open document a request's `textDocument.uri` names, and the request's `position`.
    func target(_ params: Value) -> Result<(OpenDocument, LSPPosition), RequestError> {
        guard let uri = params[field: "textDocument"]?[field: "uri"]?.stringValue else {
            return .failure(.invalidParams("Missing textDocument.uri."))
        }
        guard let doc = documents[uri] else { return .failure(.invalidParams("Document '\(uri)' is not open.")) }
        guard let position = LSPPosition(params[field: "position"]) else {
            return .failure(.invalidParams("Missing or malformed position."))
        }
        return .success((doc, position))
    }

    /// `body`'s answer for the document and position a request names, or the params error.
    func withTarget(_ params: Value, _ body: (OpenDocument, LSPPosition) -> Value) -> Result<Value, RequestError> {
        target(params).map { body($0.0, $0.1) }
    }
}
