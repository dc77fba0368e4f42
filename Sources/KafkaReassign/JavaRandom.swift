/// `java.util.Random`, bit for bit: the 48-bit linear congruential generator and the
/// `nextInt(bound)` rejection loop, including Java's 32-bit overflow in its test.
///
/// Kafka's `--generate` draws its start index and follower shift from a static, unseeded
/// `java.util.Random`, so its output cannot be reproduced without knowing those draws.
/// Drawing from the same generator with a user-chosen seed makes kseg's `--strategy kafka`
/// repeatable, and a plan Kafka printed can be matched by searching seeds or by giving
/// the start and shift it used.
public struct JavaRandom: Sendable {
    private static let multiplier: Int64 = 0x5_DEEC_E66D
    private static let mask: Int64 = (1 << 48) - 1
    private var seed: Int64

    public init(seed: Int64) {
        self.seed = (seed ^ JavaRandom.multiplier) & JavaRandom.mask
    }

    /// A seed for a user who gave none. The generator keeps only the low 48 bits of its
    /// seed, so `0 ..< 2⁴⁸` reaches every generator `Random(long)` can make, and a
    /// non-negative number pastes back as `--seed N` (a negative one looks like an option).
    public static func randomSeed<G: RandomNumberGenerator>(using generator: inout G) -> Int64 {
        Int64.random(in: 0...mask, using: &generator)
    }

    private mutating func next(_ bits: Int) -> Int32 {
        seed = (seed &* JavaRandom.multiplier &+ 0xB) & JavaRandom.mask
        return Int32(truncatingIfNeeded: seed >> (48 - bits))
    }

    /// `Random.nextInt()`.
    public mutating func nextInt() -> Int32 { next(32) }

    /// `Random.nextInt(int bound)`; `bound` must be positive.
    public mutating func nextInt(_ bound: Int32) -> Int32 {
        precondition(bound > 0, "bound must be positive")
        var r = next(31)
        let m = bound - 1
        if bound & m == 0 {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(r)) >> 31)
        }
        var u = r
        while true {
            r = u % bound
            if u &- r &+ m >= 0 { return r }
            u = next(31)
        }
    }
}
