/// Percent-encoding for URL parts, written out so `+` in phone numbers and the brackets of
/// `filter[tags]` are always encoded (Foundation's query allowed set keeps both). The one owner of
/// URL encoding: the client's query strings and paths, path segments built by commands and the
/// read-back request all use it.
public enum PercentEncoding {
    /// RFC 3986 unreserved characters: the only ones left as they are in query keys and values.
    public static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E
            || b == 0x5F || b == 0x7E
    }

    /// Characters kept in a path besides unreserved ones: `/` and sub-delims a path may carry.
    public static func isPathSafe(_ b: UInt8) -> Bool {
        isUnreserved(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ":") || b == UInt8(ascii: "@")
            || b == UInt8(ascii: "!") || b == UInt8(ascii: "$") || b == UInt8(ascii: "'")
            || b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "*")
            || b == UInt8(ascii: ",") || b == UInt8(ascii: ";") || b == UInt8(ascii: "=")
            || b == UInt8(ascii: "%")
    }

    /// `s` with every byte outside the unreserved set as `%XX`.
    public static func query(_ s: String) -> String { encode(s, keep: isUnreserved) }

    /// `s` with spaces, `?`, `#` and non-ASCII encoded; `/` and an existing `%XX` are kept.
    public static func path(_ s: String) -> String { encode(s, keep: isPathSafe) }

    /// `key=value&…` from ordered pairs, each part query-encoded.
    public static func queryString(_ pairs: [(String, String)]) -> String {
        pairs.map { query($0.0) + "=" + query($0.1) }.joined(separator: "&")
    }

    /// `s` as one path segment: like `query`, so a `/` inside an id cannot change the route.
    public static func segment(_ s: String) -> String { encode(s, keep: isUnreserved) }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encode(_ s: String, keep: (UInt8) -> Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if keep(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
