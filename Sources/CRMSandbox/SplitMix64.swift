/// SplitMix64: a tiny, fast, seedable generator. The sandbox uses it so that the same seed gives
/// the same data set and the same fault sequence on every run and every platform.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform integer in 0..<bound (0 when bound ≤ 0).
    mutating func below(_ bound: Int) -> Int {
        bound > 0 ? Int(next() % UInt64(bound)) : 0
    }

    /// One element of a non-empty array (the first when the draw is out of range).
    mutating func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[below(items.count)]
    }

    /// A generator for item `index` of a stream derived from `seed`, so items can be made
    /// independently and lazily.
    static func derived(seed: UInt64, stream: UInt64, index: Int) -> SplitMix64 {
        var g = SplitMix64(seed: seed ^ (stream &* 0xD6E8_FEB8_6659_FD93) ^ UInt64(truncatingIfNeeded: index))
        _ = g.next()
        return g
    }
}
