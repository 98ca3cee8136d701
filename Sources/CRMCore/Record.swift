/// An ordered record: keys keep the order they were first set in, and setting an existing key
/// replaces its value in place.
public struct Record: Sendable, Equatable, Hashable, Sequence {
    /// The fields in order.
    public private(set) var fields: [(key: String, value: Value)]

    /// An empty record.
    public init() { fields = [] }

    /// Up to this many fields a record finds a key by looking at each; building a larger one from
    /// pairs (a 200,000-column CSV row, a JSON object) indexes its keys instead, so it takes linear
    /// time rather than quadratic (a 200k-column CSV took 48 s).
    public static let scanLimit = 32

    /// A record from pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(String, Value)]) {
        fields = []
        fields.reserveCapacity(pairs.count)
        guard pairs.count > Self.scanLimit else {
            for (k, v) in pairs { self[k] = v }
            return
        }
        var position = [String: Int](minimumCapacity: pairs.count)
        for (k, v) in pairs {
            if let i = position[k] {
                fields[i].value = v
            } else {
                position[k] = fields.count
                fields.append((k, v))
            }
        }
    }

    /// A record of fields whose keys are already distinct (the JSON reader checks), kept as given.
    init(distinctFields: [(key: String, value: Value)]) { fields = distinctFields }

    /// The keys in order.
    public var keys: [String] { fields.map(\.key) }
    /// The values in key order.
    public var values: [Value] { fields.map(\.value) }
    /// The number of fields.
    public var count: Int { fields.count }
    /// Whether the record has no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The value of `key`; setting nil removes the field.
    public subscript(key: String) -> Value? {
        get {
            for f in fields where f.key == key { return f.value }
            return nil
        }
        set {
            if let i = fields.firstIndex(where: { $0.key == key }) {
                if let newValue { fields[i].value = newValue } else { fields.remove(at: i) }
            } else if let newValue {
                fields.append((key, newValue))
            }
        }
    }

    public func makeIterator() -> IndexingIterator<[(key: String, value: Value)]> { fields.makeIterator() }

    public static func == (a: Record, b: Record) -> Bool {
        a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into h: inout Hasher) {
        h.combine(fields.count)
        for f in fields {
            h.combine(f.key)
            h.combine(f.value)
        }
    }
}

extension Record: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, Value)...) { self.init(elements) }
}
