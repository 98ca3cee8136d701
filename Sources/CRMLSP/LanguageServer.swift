import CRMCore
import CRMLanguage
import Foundation

/// The crm language server: takes one message body at a time and returns the messages to send.
///
/// Synchronous and free of I/O on purpose: every answer is computed from memory (the open
/// documents and the command registry), so there is nothing to wait for, and the whole protocol
/// is tested by feeding bytes in and reading values out. `StdioServer` does the reading and
/// writing. Nothing a client sends can crash it: a malformed message gets an error response (or
/// is dropped when it is a notification), and the loop goes on.
public final class LanguageServer {
    let environment: LanguageServerEnvironment
    /// The open documents by URI, with their analysis.
    var documents: [String: OpenDocument] = [:]
    var isInitialized = false
    var isShuttingDown = false
    /// Set by the `exit` notification: 0 after `shutdown`, 1 without (as LSP asks).
    public private(set) var exitStatus: Int32?

    /// A server answering from `environment`'s commands and help; nothing is open yet.
    public init(environment: LanguageServerEnvironment) {
        self.environment = environment
    }

    /// The messages to send in answer to one message body.
    public func handle(body: [UInt8]) -> [Value] {
        var bytes = body
        let value: Value
        do {
            value = try Value.parseJSON(bytes: &bytes)
        } catch {
            return [JSONRPC.error(id: .null, .parseError, "Invalid JSON: \(error.message) at byte \(error.offset).")]
        }
        switch IncomingMessage(value) {
        case .invalid(let id, let reason):
            return [JSONRPC.error(id: id, .invalidRequest, reason)]
        case .response:
            return []
        case .notification(let method, let params):
            return handleNotification(method, params)
        case .request(let id, let method, let params):
            return [handleRequest(id: id, method, params)]
        }
    }

    /// The answer to a framing error: an error response without an id (the message was not read).
    public func framingError(_ message: String) -> Value {
        JSONRPC.error(id: .null, .parseError, message)
    }

    func handleRequest(id: Value, _ method: String, _ params: Value) -> Value {
        if method == "initialize" {
            isInitialized = true
            return JSONRPC.response(id: id, result: initializeResult)
        }
        guard isInitialized else {
            return JSONRPC.error(id: id, .serverNotInitialized, "The server is not initialized.")
        }
        guard !isShuttingDown else {
            return JSONRPC.error(id: id, .invalidRequest, "The server is shutting down.")
        }
        let result: Result<Value, RequestError>
        switch method {
        case "shutdown":
            isShuttingDown = true
            result = .success(.null)
        case "textDocument/completion": result = completion(params)
        case "textDocument/hover": result = hover(params)
        case "textDocument/definition": result = definition(params)
        case "textDocument/documentSymbol": result = documentSymbols(params)
        case "textDocument/references": result = references(params)
        case "textDocument/signatureHelp": result = signatureHelp(params)
        case "textDocument/formatting": result = formatting(params)
        default:
            return JSONRPC.error(id: id, .methodNotFound, "Method '\(method)' is not supported.")
        }
        switch result {
        case .success(let value): return JSONRPC.response(id: id, result: value)
        case .failure(let e): return JSONRPC.error(id: id, e.code, e.message)
        }
    }

    func handleNotification(_ method: String, _ params: Value) -> [Value] {
        if method == "exit" {
            exitStatus = isShuttingDown ? 0 : 1
            return []
        }
        guard isInitialized, !isShuttingDown else { return [] }
        switch method {
        case "textDocument/didOpen": return didOpen(params)
        case "textDocument/didChange": return didChange(params)
        case "textDocument/didClose": return didClose(params)
        default: return []  // `initialized`, `$/…` and anything unknown: notifications are never answered
        }
    }

    var initializeResult: Value {
        [
            "capabilities": [
                "positionEncoding": "utf-16",
                "textDocumentSync": ["openClose": true, "change": 1],
                "completionProvider": ["triggerCharacters": ["-", "$", " "]],
                "hoverProvider": true,
                "definitionProvider": true,
                "referencesProvider": true,
                "documentFormattingProvider": true,
                "signatureHelpProvider": ["triggerCharacters": [" "], "retriggerCharacters": ["-"]],
                "documentSymbolProvider": true,
            ],
            "serverInfo": ["name": "crm", "version": .string(environment.version)],
        ]
    }
}

/// Why a request failed, as its error response says.
struct RequestError: Error {
    var code: JSONRPC.ErrorCode
    var message: String

    static func invalidParams(_ message: String) -> RequestError {
        RequestError(code: .invalidParams, message: message)
    }
}
