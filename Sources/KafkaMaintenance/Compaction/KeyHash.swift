/// The 128-bit key digest of the offset map: two independently seeded 64-bit wyhash (final version 4)
/// values of the key bytes.
///
/// Kafka's `SkimpyOffsetMap` stores MD5 digests, and treats keys with equal digests as one key. MD5's
/// only use there is a well-spread 16-byte fingerprint, and it is the slowest step of building the
/// map (hundreds of MB/s); wyhash runs at many GB/s on short keys. Accidental collisions of 128 bits
/// are as unlikely as with MD5 (about n²/2¹²⁹ for n keys: 10⁻²⁵ for ten million keys). Deliberate ones
/// are not easier either: MD5 collisions can be computed by anyone, while these seeds are drawn
/// afresh from the kernel for every run, so crafted keys cannot target them.
struct KeyHasher {
    private let seed1: UInt64
    private let seed2: UInt64

    private static let secret0: UInt64 = 0xa076_1d64_78bd_642f
    private static let secret1: UInt64 = 0xe703_7ed1_a0b4_28db
    private static let secret2: UInt64 = 0x8ebc_6af0_9c88_c6e3
    private static let secret3: UInt64 = 0x5899_65cc_7537_4cc3

    init(seed1: UInt64, seed2: UInt64) {
        self.seed1 = seed1
        self.seed2 = seed2
    }

    /// Seeds from the kernel's random source.
    static func random() -> KeyHasher {
        var random = SystemRandomNumberGenerator()  // getrandom(2) on Linux
        return KeyHasher(seed1: random.next(), seed2: random.next())
    }

    /// The digest of `key`; never (0, 0), which marks an empty slot.
    @inline(__always)
    func digest(_ key: UnsafeRawBufferPointer) -> (UInt64, UInt64) {
        let a = Self.wyhash(key, seed: seed1)
        let b = Self.wyhash(key, seed: seed2)
        return (a, a == 0 && b == 0 ? 1 : b)
    }

    @inline(__always)
    private static func mum(_ a: UInt64, _ b: UInt64) -> (UInt64, UInt64) {
        let product = a.multipliedFullWidth(by: b)
        return (product.low, product.high)
    }

    @inline(__always)
    private static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return product.low ^ product.high
    }

    @inline(__always)
    private static func read8(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    private static func read4(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    @inline(__always)
    static func wyhash(_ key: UnsafeRawBufferPointer, seed initialSeed: UInt64) -> UInt64 {
        let length = key.count
        var seed = initialSeed ^ mix(initialSeed ^ secret0, secret1)
        var a: UInt64 = 0, b: UInt64 = 0
        if length <= 16 {
            if length >= 4, let p = key.baseAddress {
                let shift = (length >> 3) << 2
                a = (read4(p, 0) << 32) | read4(p, shift)
                b = (read4(p, length - 4) << 32) | read4(p, length - 4 - shift)
            } else if length > 0, let p = key.baseAddress {
                a = (UInt64(p.load(as: UInt8.self)) << 16) | (UInt64(p.load(fromByteOffset: length >> 1, as: UInt8.self)) << 8)
                    | UInt64(p.load(fromByteOffset: length - 1, as: UInt8.self))
            }
        } else {
            var p = key.baseAddress!
            var remaining = length
            if remaining > 48 {
                var see1 = seed, see2 = seed
                repeat {
                    seed = mix(read8(p, 0) ^ secret1, read8(p, 8) ^ seed)
                    see1 = mix(read8(p, 16) ^ secret2, read8(p, 24) ^ see1)
                    see2 = mix(read8(p, 32) ^ secret3, read8(p, 40) ^ see2)
                    p += 48
                    remaining -= 48
                } while remaining > 48
                seed ^= see1 ^ see2
            }
            while remaining > 16 {
                seed = mix(read8(p, 0) ^ secret1, read8(p, 8) ^ seed)
                remaining -= 16
                p += 16
            }
            a = read8(p, remaining - 16)
            b = read8(p, remaining - 8)
        }
        a ^= secret1
        b ^= seed
        (a, b) = mum(a, b)
        return mix(a ^ secret0 ^ UInt64(length), b ^ secret1)
    }
}
