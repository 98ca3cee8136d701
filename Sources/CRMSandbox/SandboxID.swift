/// Builds and reads the sandbox's 24-hex ids: an 8-hex prefix naming the kind of object followed
/// by 16 hex digits of its index, so a lookup by id is a parse, not a search.
enum SandboxID {
    static let person = "65f0a1b2"
    static let channel = "66c0d1e2"
    static let message = "67a0b0c0"
    static let sentMessage = "67a0b0c1"
    static let tag = "5cf0aa01"
    static let category = "5e42be00"
    static let template = "5e42be11"
    static let user = "605a0b0c"
    static let connection = "65c0c0c0"
    static let tunnel = "59500101"
    static let block = "59500202"
    static let leadgentool = "22200001"
    static let trafficSource = "5e300003"
    static let order = "5e500001"
    static let comment = "5e3000c0"
    static let call = "65f00ca1"
    static let funnelGroup = "5d7a0001"
    static let record = "5d7b0001"
    static let messageUser = "5d7a0002"
    static let query = "5d7c0001"
    static let app = "57ad0001"
    static let ctAccount = "59700001"
    static let login = "5d7f0001"

    /// The id of item `index` of a kind.
    static func make(_ prefix: String, _ index: Int) -> String {
        var bytes = Array(prefix.utf8)
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var v = UInt64(truncatingIfNeeded: index)
        var tail = [UInt8](repeating: 48, count: 16)
        var k = 15
        while v > 0 && k >= 0 {
            tail[k] = digits[Int(v & 15)]
            v >>= 4
            k -= 1
        }
        bytes += tail
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The index inside an id of the given kind; nil for other kinds or malformed ids.
    static func index(_ id: String, _ prefix: String) -> Int? {
        guard id.utf8.count == 24, id.hasPrefix(prefix) else { return nil }
        guard let value = UInt64(id.dropFirst(8), radix: 16), value < UInt64(Int32.max) else { return nil }
        return Int(value)
    }
}
