/// The keys of one JSON document, so that a key repeated by every record of a page is read once:
/// the later copies are found by their bytes and share the first one's string (no allocation for
/// a key too long to be stored inline, no UTF-8 check for the others).
///
/// 256 slots, one key each, found by a hash of the key's first 16 bytes and its length; keys up to
/// 16 bytes are compared by those bytes (exact), longer ones byte by byte. A slot taken by another
/// key is overwritten, so a document with more distinct keys only loses speed.
final class JSONKeyTable {
    private static let slotCount = 256
    private let strings = UnsafeMutablePointer<String>.allocate(capacity: slotCount)
    /// Per slot: the key's length (-1 when empty), and its first 16 bytes as two zero-padded words.
    private let lengths = UnsafeMutablePointer<Int>.allocate(capacity: slotCount)
    private let words = UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount * 2)

    init() {
        strings.initialize(repeating: "", count: Self.slotCount)
        lengths.initialize(repeating: -1, count: Self.slotCount)
        words.initialize(repeating: 0, count: Self.slotCount * 2)
    }

    deinit {
        strings.deinitialize(count: Self.slotCount)
        strings.deallocate()
        lengths.deallocate()
        words.deallocate()
    }

    /// The key of the `n` valid UTF-8 bytes at `start` (of which `readable` may be read), and its hash.
    @inline(__always)
    func key(_ start: UnsafePointer<UInt8>, _ n: Int, readable: Int) -> (String, UInt64) {
        let (w0, w1) = Self.words(start, n, readable: readable)
        let hash = (w0 &* 0x9E37_79B9_7F4A_7C15) ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
        let slot = Int(truncatingIfNeeded: (hash ^ hash >> 29) & UInt64(Self.slotCount - 1))
        if lengths[slot] == n, words[2 * slot] == w0, words[2 * slot + 1] == w1,
            n <= 16 || Self.tailMatches(strings[slot], start, n)
        {
            return (strings[slot], hash)
        }
        let s = String(decoding: UnsafeBufferPointer(start: start, count: n), as: UTF8.self)
        strings[slot] = s
        lengths[slot] = n
        words[2 * slot] = w0
        words[2 * slot + 1] = w1
        return (s, hash)
    }

    /// The hash `key(_:_:readable:)` gives `key` (for keys written with escapes).
    static func hash(_ key: String) -> UInt64 {
        var bytes = Array(key.utf8)
        let n = bytes.count
        bytes += Array(repeating: 0, count: 16)
        return bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return 0 }
            let (w0, w1) = words(p, n, readable: b.count)
            return (w0 &* 0x9E37_79B9_7F4A_7C15) ^ (w1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(n)
        }
    }

    /// The first 16 of the `n` bytes at `p` as two little-endian words, zero past the key's end.
    @inline(__always)
    private static func words(_ p: UnsafePointer<UInt8>, _ n: Int, readable: Int) -> (UInt64, UInt64) {
        if readable >= 16 {
            let raw = UnsafeRawPointer(p)
            var w0 = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            var w1 = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            if n < 8 {
                w0 &= (1 << UInt64(8 * n)) &- 1
                w1 = 0
            } else if n < 16 {
                w1 &= (1 << UInt64(8 * (n - 8))) &- 1
            }
            return (w0, w1)
        }
        var w: (UInt64, UInt64) = (0, 0)
        for k in 0..<min(n, 16) {
            if k < 8 { w.0 |= UInt64(p[k]) << UInt64(8 * k) } else { w.1 |= UInt64(p[k]) << UInt64(8 * (k - 8)) }
        }
        return w
    }

    /// Whether bytes 16..<n at `p` equal those of `s` (whose first 16 bytes already matched).
    private static func tailMatches(_ s: String, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let same = s.utf8.withContiguousStorageIfAvailable { b in
            b.count == n && (16..<n).allSatisfy { b[$0] == p[$0] }
        }
        return same ?? false
    }
}
