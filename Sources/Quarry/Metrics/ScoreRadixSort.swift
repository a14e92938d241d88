/// Sorts scores in descending order, carrying each row's label, with an LSD radix sort on
/// the order-preserving bit pattern of the `Double`.
///
/// A finite `Double` maps to a `UInt64` key whose unsigned order is the numeric order
/// (flip all bits of negatives, set the sign bit of non-negatives; Herf, "Radix tricks",
/// 2001); complementing that key gives descending order. `-0.0` is folded onto `+0.0`
/// first, so equal scores get equal keys, as `numpy.diff` sees them. The sort makes eight
/// passes of one byte each; a pass whose byte is the same for every key (common: float32
/// scores widened to `Double` leave the low mantissa bytes zero, probabilities share their
/// sign and most exponent bits) is skipped. Each pass splits the rows into one contiguous
/// chunk per thread, with per-chunk bucket offsets, so the sort is stable and its output
/// is the same whatever the thread count.
enum ScoreRadixSort {
    /// Keys sorted ascending (scores descending) and the labels in the same order.
    struct Sorted {
        var keys: [UInt64]
        var labels: [UInt8]
    }

    static let signBit: UInt64 = 1 << 63

    /// The key whose ascending unsigned order is descending score order.
    @inline(__always)
    static func descendingKey(_ score: Double) -> UInt64 {
        let bits = (score + 0.0).bitPattern  // -0.0 + 0.0 == +0.0
        let ascending = bits & signBit != 0 ? ~bits : bits | signBit
        return ~ascending
    }

    /// The score a key came from.
    @inline(__always)
    static func score(fromDescendingKey key: UInt64) -> Double {
        let ascending = ~key
        let bits = ascending & signBit != 0 ? ascending & ~signBit : ~ascending
        return Double(bitPattern: bits)
    }

    /// Sorts rows by descending score, stable within ties.
    /// - Parameters:
    ///   - scores: finite scores.
    ///   - labels: 0/1 labels, same length.
    ///   - threads: how many chunks work in parallel (1 = sequential); the result does not depend on it.
    /// - Complexity: O(n · p) time for p ≤ 8 non-trivial byte passes, O(n) extra memory.
    static func sortDescending(scores: [Double], labels: [UInt8], threads: Int) -> Sorted {
        let n = scores.count
        precondition(labels.count == n)
        let chunks = max(1, min(threads, n / 65_536 + 1))
        // Plain integers: the buffers are fully written before they are read.
        var keys = [UInt64](unsafeUninitializedCapacity: n) { _, count in count = n }
        var sortedLabels = labels
        var spareKeys = [UInt64](unsafeUninitializedCapacity: n) { _, count in count = n }
        var spareLabels = [UInt8](unsafeUninitializedCapacity: n) { _, count in count = n }
        guard n > 1 else {
            if n == 1 { keys[0] = descendingKey(scores[0]) }
            return Sorted(keys: keys, labels: sortedLabels)
        }

        // Keys, and the histogram of every byte of every key, in one pass per chunk.
        var chunkHistograms = [Int](repeating: 0, count: chunks * 8 * 256)
        scores.withUnsafeBufferPointer { src in
            keys.withUnsafeMutableBufferPointer { dst in
                chunkHistograms.withUnsafeMutableBufferPointer { hist in
                    parallelFor(chunks, threads: chunks) { chunk in
                        let range = chunkRange(chunk, of: chunks, count: n)
                        let h = hist.baseAddress! + chunk * 2048
                        for i in range {
                            let key = descendingKey(src[i])
                            dst[i] = key
                            h[Int(key & 0xFF)] += 1
                            h[256 + Int((key >> 8) & 0xFF)] += 1
                            h[512 + Int((key >> 16) & 0xFF)] += 1
                            h[768 + Int((key >> 24) & 0xFF)] += 1
                            h[1024 + Int((key >> 32) & 0xFF)] += 1
                            h[1280 + Int((key >> 40) & 0xFF)] += 1
                            h[1536 + Int((key >> 48) & 0xFF)] += 1
                            h[1792 + Int(key >> 56)] += 1
                        }
                    }
                }
            }
        }
        var total = [Int](repeating: 0, count: 2048)
        for chunk in 0..<chunks {
            for b in 0..<2048 { total[b] += chunkHistograms[chunk * 2048 + b] }
        }

        var offsets = [Int](repeating: 0, count: chunks * 256)
        for digit in 0..<8 {
            let digitTotals = total[(digit * 256)..<(digit * 256 + 256)]
            if digitTotals.contains(n) { continue }  // every key has the same byte here
            let shift = UInt64(digit * 8)
            // Per-chunk counts of this byte in the current arrangement.
            if chunks == 1 {
                for b in 0..<256 { offsets[b] = total[digit * 256 + b] }
            } else {
                countDigit(keys, shift: shift, chunks: chunks, into: &offsets)
            }
            // Exclusive prefix over (bucket, chunk): bucket-major, chunk-minor keeps stability.
            var running = 0
            for b in 0..<256 {
                for chunk in 0..<chunks {
                    let c = offsets[chunk * 256 + b]
                    offsets[chunk * 256 + b] = running
                    running += c
                }
            }
            scatter(keys: keys, labels: sortedLabels, into: &spareKeys, &spareLabels,
                    shift: shift, chunks: chunks, offsets: offsets)
            swap(&keys, &spareKeys)
            swap(&sortedLabels, &spareLabels)
        }
        return Sorted(keys: keys, labels: sortedLabels)
    }

    /// The contiguous rows chunk `chunk` of `chunks` handles.
    @inline(__always)
    static func chunkRange(_ chunk: Int, of chunks: Int, count n: Int) -> Range<Int> {
        (n * chunk / chunks)..<(n * (chunk + 1) / chunks)
    }

    private static func countDigit(_ keys: [UInt64], shift: UInt64, chunks: Int, into counts: inout [Int]) {
        let n = keys.count
        for i in counts.indices { counts[i] = 0 }
        keys.withUnsafeBufferPointer { src in
            counts.withUnsafeMutableBufferPointer { hist in
                parallelFor(chunks, threads: chunks) { chunk in
                    let h = hist.baseAddress! + chunk * 256
                    for i in chunkRange(chunk, of: chunks, count: n) {
                        h[Int((src[i] >> shift) & 0xFF)] += 1
                    }
                }
            }
        }
    }

    private static func scatter(keys: [UInt64], labels: [UInt8], into dstKeys: inout [UInt64],
                                _ dstLabels: inout [UInt8], shift: UInt64, chunks: Int, offsets: [Int]) {
        let n = keys.count
        keys.withUnsafeBufferPointer { srcK in
            labels.withUnsafeBufferPointer { srcL in
                dstKeys.withUnsafeMutableBufferPointer { dstK in
                    dstLabels.withUnsafeMutableBufferPointer { dstL in
                        parallelFor(chunks, threads: chunks) { chunk in
                            var next = Array(offsets[(chunk * 256)..<(chunk * 256 + 256)])
                            next.withUnsafeMutableBufferPointer { next in
                                for i in chunkRange(chunk, of: chunks, count: n) {
                                    let key = srcK[i]
                                    let b = Int((key >> shift) & 0xFF)
                                    let p = next[b]
                                    dstK[p] = key
                                    dstL[p] = srcL[i]
                                    next[b] = p + 1
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
