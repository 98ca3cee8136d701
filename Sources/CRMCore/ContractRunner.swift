/// Sends contract examples to a server, filling each request's placeholders from the answers of
/// the examples it needs (asked first, once each), and compares the answers' shapes. Shared by
/// the contract tests and `crm doctor`.
public struct ContractRunner {
    /// Sends one request and returns the decoded body.
    let send: (APIRequest) async throws -> Value
    /// Whether list requests ask for one item (`limit=1`), as doctor does.
    let oneItem: Bool
    /// Placeholder values given up front (for ones no list answers, like an archive file name).
    var values: [String: String]
    private var answers: [String: Value] = [:]

    /// A runner over `send`.
    public init(
        oneItem: Bool = false, values: [String: String] = [:], send: @escaping (APIRequest) async throws -> Value
    ) {
        self.send = send
        self.oneItem = oneItem
        self.values = values
    }

    /// A placeholder no answer could fill (an empty list, or an example that is not there).
    public struct Unresolved: Error, CustomStringConvertible {
        /// The sentence for the user.
        public let description: String
    }

    /// The server's answer to `example`.
    public mutating func answer(_ example: ContractExample) async throws -> Value {
        if let cached = answers[example.id] { return cached }
        let value = try await send(try await request(for: example, oneItem: oneItem && example.isList))
        answers[example.id] = value
        return value
    }

    /// `example`'s request with its placeholders filled (asking the examples they come from).
    public mutating func request(for example: ContractExample, oneItem: Bool = false) async throws -> APIRequest {
        var filled = values
        for need in example.needs where filled[need.name] == nil {
            guard let source = ContractExample.named(need.example) else {
                throw Unresolved(description: "no example '\(need.example)' gives {\(need.name)}")
            }
            let answer = try await answer(source)
            guard let value = need.pick(answer) else {
                throw Unresolved(description: "\(need.example) had no item to take {\(need.name)} from")
            }
            filled[need.name] = value
        }
        return example.resolved(filled, oneItem: oneItem)
    }

    /// How the server's answer to `example` differs from it.
    public mutating func differences(_ example: ContractExample) async throws -> [ShapeDifference] {
        example.differences(try await answer(example))
    }
}
