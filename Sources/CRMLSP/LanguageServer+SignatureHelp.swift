import CRMCore
import CRMLanguage

/// `textDocument/signatureHelp`: while the arguments of a command are typed, its usage line with
/// its parameters and flags (each with its one line of help), from the command's declaration.
extension LanguageServer {
    func signatureHelp(_ params: Value) -> Result<Value, RequestError> {
        withTarget(params) { open, position in
            let line = position.line + 1
            let column = open.document.characterOffset(of: position) + 1
            guard
                let call = open.outline.calls.last(where: {
                    $0.location.line == line && $0.location.column < column && $0.spec != nil
                }), let spec = call.spec
            else { return .null }
            let positionals = spec.parameters.filter { $0.type != .block }
            var parameters: [Value] = positionals.map {
                ["label": .string($0.name), "documentation": .string($0.summary)]
            }
            parameters += spec.flags.map { ["label": .string("--" + $0.name), "documentation": .string($0.summary)] }
            var signature: Record = [
                "label": .string(spec.usage), "documentation": .string(spec.summary), "parameters": .list(parameters),
            ]
            // The flag the cursor is on or just after, if any.
            if let flag = call.flags.last(where: { $0.location.line == line && $0.location.column < column }),
                let index = spec.flags.firstIndex(where: {
                    $0.name == flag.name || $0.short.map(String.init) == flag.name
                })
            {
                signature["activeParameter"] = .int(positionals.count + index)
            }
            return ["signatures": [.record(signature)], "activeSignature": 0]
        }
    }
}
