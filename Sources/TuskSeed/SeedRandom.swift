/// The seeder's random numbers: SplitMix64, so the same seed gives the same sequence on every
/// platform and Swift version (the standard library's generator is neither seedable nor stable).
struct SeedRandom {
    private var state: UInt64

    /// A stream for one table: the run's seed mixed with a stable hash of the table's name, so a
    /// table's rows do not change when another table is added, removed or left out (`--table`).
    init(seed: UInt64, stream: String) {
        state = seed ^ Self.fnv1a(stream)
        _ = next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range` (modulo bias is negligible for the ranges used here).
    mutating func int(_ range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }  // the whole Int64 range
        return range.lowerBound &+ Int64(bitPattern: next() % span)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int(int(Int64(range.lowerBound)...Int64(range.upperBound))) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
