/// Seeded mutations for the hostile-input tests: generic damage (truncation, bit flips, absurd
/// lengths, garbage) and field-targeted overwrites of a known field with an extreme value. Every
/// mutation is described in words, so a failure names what was done to which bytes.
public enum Mutation {
    /// One random generic mutation: truncate, flip bits, plant an absurd 32-bit length, or append garbage.
    public static func random(_ input: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        switch rng.below(4) {
        case 0: bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
        case 1: for _ in 0..<(1 + rng.below(8)) where !bytes.isEmpty { bytes[rng.below(bytes.count)] ^= UInt8(1 << rng.below(8)) }
        case 2:
            if bytes.count >= 4 {
                let values: [UInt32] = [0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000, UInt32(bytes.count * 3), 13]
                overwrite(&bytes, at: rng.below(bytes.count - 3), with: values[rng.below(values.count)])
            }
        default: bytes += (0..<rng.below(64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        return bytes
    }

    /// A fixed-width big-endian field of a record layout.
    public struct Field: Sendable {
        public var name: String
        public var offset: Int
        public var width: Int
        public init(_ name: String, _ offset: Int, _ width: Int) {
            self.name = name
            self.offset = offset
            self.width = width
        }
    }

    /// The values that break arithmetic: zero, −1, the extremes, and values just inside them.
    public static func extremes(width: Int) -> [Int64] {
        switch width {
        case 1: return [0, 1, 2, 3, -1, Int64(Int8.min), Int64(Int8.max)]
        case 2: return [0, 1, -1, Int64(Int16.min), Int64(Int16.max)]
        case 4: return [0, 1, -1, -16, Int64(Int32.min), Int64(Int32.max), 0x7FFF_FFF0, Int64(Int32.min) + 1]
        default: return [0, 1, -1, .min, .max, .max - 15, .min + 1, Int64(Int32.max), Int64(Int32.min), Int64(Int32.max) + 1]
        }
    }

    /// Overwrites `field` of the structure starting at `base` with one of its extreme values; returns
    /// what was done. Bytes beyond the buffer are left alone.
    @discardableResult
    public static func overwrite(_ bytes: inout [UInt8], field: Field, at base: Int, _ rng: inout SeededGenerator) -> String {
        let values = extremes(width: field.width)
        let value = values[rng.below(values.count)]
        let at = base + field.offset
        for i in 0..<field.width where at + i < bytes.count {
            bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * (field.width - 1 - i)))
        }
        return "\(field.name) at byte \(at) := \(value)"
    }

    /// Writes `value` big-endian at `at`.
    public static func overwrite<T: FixedWidthInteger>(_ bytes: inout [UInt8], at: Int, with value: T) {
        let width = T.bitWidth / 8
        for i in 0..<width where at + i < bytes.count {
            bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - i)))
        }
    }
}
