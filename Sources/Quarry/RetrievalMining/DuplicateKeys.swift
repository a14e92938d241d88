/// Content keys that identify duplicate corpus rows across slices and shards.
///
/// Two candidates are the same passage when their vectors are bit-identical (equal
/// ``vector`` keys) or, when texts are known, their texts are identical (equal non-zero
/// ``text`` keys). Keys are 64-bit hashes, so shard merging needs no vectors or texts.
public struct DuplicateKeys: Sendable, Hashable {
    /// Hash of the row's float32 bits.
    public var vector: UInt64
    /// Hash of the row's UTF-8 text, or 0 when no text is known.
    public var text: UInt64

    public init(vector: UInt64, text: UInt64) {
        self.vector = vector
        self.text = text
    }

    /// Whether `self` and `other` name the same passage.
    @inlinable
    public func matches(_ other: DuplicateKeys) -> Bool {
        vector == other.vector || (text != 0 && text == other.text)
    }

    /// The vector key of `row`: a 64-bit mix of its float32 bit patterns, with −0 folded
    /// to +0 (both give the same scores).
    public static func vectorKey(_ row: UnsafeBufferPointer<Float>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(row.count)
        for x in row {
            let bits = x == 0 ? 0 : UInt64(x.bitPattern)
            h = (h ^ bits) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
        }
        return finalize(h)
    }

    /// A key unique to `row`, used in place of the vector key when identical vectors are
    /// not to be collapsed.
    public static func rowKey(_ row: Int) -> UInt64 {
        finalize(0x5851_F42D_4C95_7F2D ^ UInt64(bitPattern: Int64(row)))
    }

    /// The keys of corpus `row`.
    static func of(row: Int, corpus: EmbeddingMatrix, texts: [String]?, byVector: Bool) -> DuplicateKeys {
        DuplicateKeys(vector: byVector ? vectorKey(corpus.row(row)) : rowKey(row),
                      text: texts.map { textKey($0[row]) } ?? 0)
    }

    /// The text key of `text` (never 0).
    public static func textKey(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let key = finalize(h)
        return key == 0 ? 1 : key
    }

    @inlinable
    static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
