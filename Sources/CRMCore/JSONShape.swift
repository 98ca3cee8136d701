/// The shape of a JSON value: its keys at every level and their JSON types, with arrays reduced to
/// the merged shape of their elements. The contract tests and `crm doctor` compare answers by it.
public indirect enum JSONShape: Sendable, Equatable {
    /// Elements of different types: anything.
    case any
    /// `null`: in an example its type is unknown (matches anything); in an answer it differs
    /// from every other type. Merged with another shape (an array's elements) it gives way.
    case null
    /// `bool`, `number` or `string`.
    case scalar(String)
    /// An array; nil when no element was seen.
    case array(JSONShape?)
    /// An object with fixed keys, in first-seen order.
    case object([ShapeField])
    /// An object whose keys are data (`funnels` keyed by funnel id); nil when it was empty.
    case map(JSONShape?)

    /// The shape of `value`; objects at the paths in `maps` are maps (`data.custom_fields`,
    /// `data[].utmMarks`: keys joined by `.`, array elements written `[]`).
    public static func of(_ value: Value, maps: Set<String> = [], at path: String = "") -> JSONShape {
        switch value {
        case .null: return .null
        case .bool: return .scalar("bool")
        case .int, .double: return .scalar("number")
        case .string, .datetime, .duration: return .scalar("string")
        case .list(let items):
            return .array(items.map { of($0, maps: maps, at: path + "[]") }.reduce(nil) { merge($0, $1) })
        case .record(let r):
            if maps.contains(path) {
                return .map(r.fields.map { of($0.value, maps: maps, at: path + ".*") }.reduce(nil) { merge($0, $1) })
            }
            return .object(r.fields.map { ShapeField($0.key, of($0.value, maps: maps, at: join(path, $0.key))) })
        }
    }

    /// The name of the JSON type for messages (`string`, `number`, `object`, …).
    public var typeName: String {
        switch self {
        case .any: "any"
        case .null: "null"
        case .scalar(let k): k
        case .array: "array"
        case .object, .map: "object"
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// One shape covering both: a key missing from either side becomes optional; conflicting
    /// types become `any`.
    static func merge(_ a: JSONShape?, _ b: JSONShape) -> JSONShape {
        guard let a else { return b }
        switch (a, b) {
        case (.null, _): return b
        case (_, .null): return a
        case (.scalar(let x), .scalar(let y)) where x == y: return a
        case (.array(let x), .array(let y)):
            guard let x else { return b }
            guard let y else { return a }
            return .array(merge(x, y))
        case (.map(let x), .map(let y)):
            guard let x else { return b }
            guard let y else { return a }
            return .map(merge(x, y))
        case (.object(let x), .object(let y)):
            var fields = x.map { f -> ShapeField in
                guard let other = y.first(where: { $0.name == f.name }) else { return f.optionalized() }
                return ShapeField(f.name, merge(f.shape, other.shape), optional: f.optional || other.optional)
            }
            for f in y where !x.contains(where: { $0.name == f.name }) { fields.append(f.optionalized()) }
            return .object(fields)
        default: return .any
        }
    }

    /// Where `actual` differs from this expected shape: keys missing or extra, and types that do
    /// not match. A key optional here may be absent; `null` in the answer is a type of its own.
    public func differences(from actual: JSONShape, at path: String = "") -> [ShapeDifference] {
        switch (self, actual) {
        case (.any, _), (.null, _), (_, .any): return []
        case (.scalar(let x), .scalar(let y)) where x == y: return []
        case (.array(let x), .array(let y)):
            guard let x, let y else { return [] }
            return x.differences(from: y, at: path + "[]")
        case (.map(let x), .map(let y)):
            guard let x, let y else { return [] }
            return x.differences(from: y, at: path + ".*")
        case (.map(let x), .object(let fields)):
            guard let x else { return [] }
            return fields.flatMap { x.differences(from: $0.shape, at: path + ".*") }
        case (.object(let expected), .object(let got)):
            var out: [ShapeDifference] = []
            for f in expected {
                let key = Self.join(path, f.name)
                guard let g = got.first(where: { $0.name == f.name }) else {
                    if !f.optional { out.append(ShapeDifference(key, .missing(f.shape.typeName))) }
                    continue
                }
                if g.optional && !f.optional { out.append(ShapeDifference(key, .missing(f.shape.typeName))) }
                out += f.shape.differences(from: g.shape, at: key)
            }
            for g in got where !expected.contains(where: { $0.name == g.name }) {
                out.append(ShapeDifference(Self.join(path, g.name), .extra(g.shape.typeName)))
            }
            return out
        default:
            return [ShapeDifference(path.isEmpty ? "(top)" : path, .type(typeName, actual.typeName))]
        }
    }
}

/// One key of an object shape.
public struct ShapeField: Sendable, Equatable {
    /// The key.
    public let name: String
    /// The shape of its value.
    public let shape: JSONShape
    /// Whether some examples lack the key (an element of an array that others have it in).
    public let optional: Bool

    /// A field.
    public init(_ name: String, _ shape: JSONShape, optional: Bool = false) {
        self.name = name
        self.shape = shape
        self.optional = optional
    }

    func optionalized() -> ShapeField { ShapeField(name, shape, optional: true) }
}

/// One way an answer's shape differs from the expected one.
public struct ShapeDifference: Sendable, Equatable, CustomStringConvertible {
    /// What differs.
    public enum Kind: Sendable, Equatable {
        /// The expected key (of this type) is absent.
        case missing(String)
        /// A key the expectation does not have (of this type).
        case extra(String)
        /// Expected type, actual type.
        case type(String, String)
    }

    /// Where: keys joined by `.`, array elements as `[]`, map values as `*`.
    public let path: String
    /// What.
    public let kind: Kind

    /// A difference.
    public init(_ path: String, _ kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// Whether the difference can break a reader (missing key, other type); extra keys cannot.
    public var breaks: Bool {
        if case .extra = kind { return false }
        return true
    }

    /// `data[].phone: missing (string)`, `data[].id: number instead of string`.
    public var description: String {
        switch kind {
        case .missing(let t): "\(path): missing (\(t))"
        case .extra(let t): "\(path): extra (\(t))"
        case .type(let want, let got): "\(path): \(got) instead of \(want)"
        }
    }
}
