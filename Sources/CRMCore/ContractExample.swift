import Foundation

/// A response example from a vendor page (or, where the page shows none, from the API reference
/// compiled from the vendor's other pages), with the request that produces it. The contract tests
/// compare the sandbox's answer to each with `JSONShape`; `crm doctor` does the same for the list
/// endpoints of whatever server a profile points at. The catalogue is `ContractExample.all`.
public struct ContractExample: Sendable {
    /// A stable name (`v1-accounts`), used as the test argument and in doctor's table.
    public let id: String
    /// The page the example is copied from (a file under shared/seeds, or the reference section).
    public let page: String
    /// The section of that page.
    public let section: String
    /// The request; `{name}` in the path or a query value is filled from `needs`.
    public let request: APIRequest
    /// The example body, valid JSON (the pages' typos fixed; `note` says which).
    public let json: String
    /// Paths of objects whose keys are data (`funnels`, `data.custom_fields`).
    public let maps: Set<String>
    /// Paths that may be absent or added (documented elsewhere, or an abridged example's `…`);
    /// `x.*` covers everything under `x`.
    public let loose: [String]
    /// Whether it is a list endpoint (doctor checks those, asking for one item).
    public let isList: Bool
    /// Where the request's placeholders come from.
    public let needs: [ContractNeed]
    /// Corrections made to the page's text, and other remarks.
    public let note: String
    /// A JSON body for a write, with `{name}` placeholders like the path.
    public let body: String?

    init(
        _ id: String, page: String, section: String, _ request: APIRequest, json: String, maps: Set<String> = [],
        loose: [String] = [], list: Bool = false, needs: [ContractNeed] = [], note: String = "", body: String? = nil
    ) {
        self.body = body
        self.id = id
        self.page = page
        self.section = section
        self.request = request
        self.json = json
        self.maps = maps
        self.loose = loose
        self.isList = list
        self.needs = needs
        self.note = note
    }

    /// The expected shape (the example parsed; nil only if the catalogue holds invalid JSON,
    /// which a test rules out).
    public var expected: JSONShape? {
        guard let value = try? Value.parseJSON(json) else { return nil }
        return JSONShape.of(value, maps: maps)
    }

    /// How `answer` differs from the example, leaving out the `loose` paths.
    public func differences(_ answer: Value) -> [ShapeDifference] {
        guard let expected else { return [ShapeDifference("(example)", .type("valid JSON", "invalid JSON"))] }
        return expected.differences(from: JSONShape.of(answer, maps: maps)).filter { d in
            !loose.contains { d.path == $0 || ($0.hasSuffix(".*") && d.path.hasPrefix($0.dropLast())) }
        }
    }

    /// The request with `{name}` placeholders replaced by `values`; with `oneItem`, a `limit`
    /// query value becomes 1.
    public func resolved(_ values: [String: String], oneItem: Bool = false) -> APIRequest {
        func fill(_ s: String) -> String {
            var out = s
            for (k, v) in values { out = out.replacingOccurrences(of: "{\(k)}", with: v) }
            return out
        }
        var r = request
        r.path = fill(r.path)
        r.query = r.query.map { ($0.0, oneItem && $0.0 == "limit" ? "1" : fill($0.1)) }
        if let body, let value = try? Value.parseJSON(fill(body)) { r.body = .json(value) }
        return r
    }

    /// The example with this id.
    public static func named(_ id: String) -> ContractExample? { all.first { $0.id == id } }

    /// Every example: the three vendor pages first, then the reference's.
    public static var all: [ContractExample] { leelooPages + leelooReference + chattonic }
}

/// Where a placeholder's value comes from: a path into the answer of another example.
public struct ContractNeed: Sendable {
    /// The placeholder (`account_id`).
    public let name: String
    /// The example whose answer holds it.
    public let example: String
    /// The path: keys, array indexes (`0`), or `#key0` for the first key of an object.
    public let at: [String]

    init(_ name: String, from example: String, at: String) {
        self.name = name
        self.example = example
        self.at = at.split(separator: ".").map(String.init)
    }

    /// The value at `at` in `answer`, as text.
    public func pick(_ answer: Value) -> String? {
        var v = answer
        for step in at {
            switch v {
            case .record(let r):
                if step == "#key0" { return r.fields.first?.key }
                guard let next = step == "#0" ? r.fields.first?.value : r[step] else { return nil }
                v = next
            case .list(let items):
                guard let i = Int(step), items.indices.contains(i) else { return nil }
                v = items[i]
            default: return nil
            }
        }
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: return nil
        }
    }
}
