// Register-tile shapes and memory placement for the search kernel, one thread: how close
// each tile gets to the FMA ceiling (`bench/fma_peak.swift`) with its operands hot in L1,
// and how much is lost when the operands stream as in the real search (query panels cycling
// through all 2,004 queries — L3 — and corpus panels through one 240-row block — L2).
// The evidence behind the kernel's 6 × 16 tile and loop order (bench/results/retrieval-kernel.md).
// A standalone program, like fma_peak.swift:
//   swiftc -O -target-cpu haswell -parse-as-library bench/microkernel.swift -o bench/out/microkernel
//   flock -x /work/notes/bench.lock bench/out/microkernel
import Foundation

typealias V = SIMD8<Float>

/// One placement of the operands: every query against every corpus row per pass, in the
/// real kernel's loop order (query panel outer, corpus panel inner). Both counts are
/// multiples of every tile's sides, so each shape does the same work.
struct Placement {
    let name: String
    let queries: Int
    let corpusRows: Int
}

@main
enum Microkernel {
    static let depth = 384

    static func main() {
        let placements = [
            Placement(name: "96 queries × 48 corpus rows (all near L1)", queries: 96, corpusRows: 48),
            Placement(name: "96 queries × 240 rows (block in L2)", queries: 96, corpusRows: 240),
            Placement(name: "2,004 queries (L3) × 48 rows", queries: 2_004, corpusRows: 48),
            Placement(name: "2,004 queries (L3) × 240 rows (as the search)", queries: 2_004, corpusRows: 240),
        ]
        let flopsPerPass = 2_000_000_000.0 * 8
        for placement in placements {
            let a = UnsafeMutablePointer<Float>.allocate(capacity: placement.queries * depth)
            a.initialize(repeating: 1e-3, count: placement.queries * depth)
            let b = UnsafeMutableRawPointer.allocate(byteCount: placement.corpusRows * depth * 4, alignment: 64)
            b.bindMemory(to: Float.self, capacity: placement.corpusRows * depth)
                .initialize(repeating: 1e-3, count: placement.corpusRows * depth)
            let passFlops = Double(placement.queries * placement.corpusRows * depth * 2)
            let repeats = max(1, Int(flopsPerPass / passFlops))
            var line = placement.name + ":"
            for shape in ["6x16", "4x24", "12x8"] {
                var best = Double.infinity
                var sink: Float = 0
                for _ in 0..<3 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    for _ in 0..<repeats {
                        switch shape {
                        case "6x16": sink += tile6x16(a, b, queries: placement.queries, corpusRows: placement.corpusRows)
                        case "4x24": sink += tile4x24(a, b, queries: placement.queries, corpusRows: placement.corpusRows)
                        default: sink += tile12x8(a, b, queries: placement.queries, corpusRows: placement.corpusRows)
                        }
                    }
                    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                if sink == .pi { print("") }
                line += String(format: "  %@ %.1f GFLOP/s", shape, Double(repeats) * passFlops / best / 1e9)
            }
            print(line)
            a.deallocate()
            b.deallocate()
        }
    }

    /// The kernel's tile: 6 queries × 16 corpus rows, 2 vector loads + 6 broadcasts per 12 FMAs.
    @inline(never)
    static func tile6x16(_ queries: UnsafePointer<Float>, _ corpus: UnsafeRawPointer, queries n: Int,
                         corpusRows m: Int) -> Float {
        var sink: Float = 0
        for queryPanel in 0..<(n / 6) {
            for corpusPanel in 0..<(m / 16) {
                var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
                var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
                var a = queries + queryPanel * 6 * depth
                var b = corpus + corpusPanel * 64 * depth
                for _ in 0..<depth {
                    let b0 = b.load(as: V.self), b1 = b.load(fromByteOffset: 32, as: V.self)
                    var x = V(repeating: a[0]); c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
                    x = V(repeating: a[1]); c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
                    x = V(repeating: a[2]); c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
                    x = V(repeating: a[3]); c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
                    x = V(repeating: a[4]); c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
                    x = V(repeating: a[5]); c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
                    a += 6
                    b += 64
                }
                sink += (c00 + c01 + c10 + c11 + c20 + c21 + c30 + c31 + c40 + c41 + c50 + c51)[0]
            }
        }
        return sink
    }

    /// 4 queries × 24 corpus rows: 3 vector loads + 4 broadcasts per 12 FMAs (16 registers).
    @inline(never)
    static func tile4x24(_ queries: UnsafePointer<Float>, _ corpus: UnsafeRawPointer, queries n: Int,
                         corpusRows m: Int) -> Float {
        var sink: Float = 0
        for queryPanel in 0..<(n / 4) {
            for corpusPanel in 0..<(m / 24) {
                var c00 = V(), c01 = V(), c02 = V(), c10 = V(), c11 = V(), c12 = V()
                var c20 = V(), c21 = V(), c22 = V(), c30 = V(), c31 = V(), c32 = V()
                var a = queries + queryPanel * 4 * depth
                var b = corpus + corpusPanel * 96 * depth
                for _ in 0..<depth {
                    let b0 = b.load(as: V.self), b1 = b.load(fromByteOffset: 32, as: V.self)
                    let b2 = b.load(fromByteOffset: 64, as: V.self)
                    var x = V(repeating: a[0])
                    c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1); c02 = c02.addingProduct(x, b2)
                    x = V(repeating: a[1])
                    c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1); c12 = c12.addingProduct(x, b2)
                    x = V(repeating: a[2])
                    c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1); c22 = c22.addingProduct(x, b2)
                    x = V(repeating: a[3])
                    c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1); c32 = c32.addingProduct(x, b2)
                    a += 4
                    b += 96
                }
                sink += (c00 + c01 + c02 + c10 + c11 + c12 + c20 + c21 + c22 + c30 + c31 + c32)[0]
            }
        }
        return sink
    }

    /// 12 queries × 8 corpus rows: 1 vector load + 12 broadcasts per 12 FMAs.
    @inline(never)
    static func tile12x8(_ queries: UnsafePointer<Float>, _ corpus: UnsafeRawPointer, queries n: Int,
                         corpusRows m: Int) -> Float {
        var sink: Float = 0
        for queryPanel in 0..<(n / 12) {
            for corpusPanel in 0..<(m / 8) {
                var c0 = V(), c1 = V(), c2 = V(), c3 = V(), c4 = V(), c5 = V()
                var c6 = V(), c7 = V(), c8 = V(), c9 = V(), c10 = V(), c11 = V()
                var a = queries + queryPanel * 12 * depth
                var b = corpus + corpusPanel * 32 * depth
                for _ in 0..<depth {
                    let x = b.load(as: V.self)
                    c0 = c0.addingProduct(V(repeating: a[0]), x); c1 = c1.addingProduct(V(repeating: a[1]), x)
                    c2 = c2.addingProduct(V(repeating: a[2]), x); c3 = c3.addingProduct(V(repeating: a[3]), x)
                    c4 = c4.addingProduct(V(repeating: a[4]), x); c5 = c5.addingProduct(V(repeating: a[5]), x)
                    c6 = c6.addingProduct(V(repeating: a[6]), x); c7 = c7.addingProduct(V(repeating: a[7]), x)
                    c8 = c8.addingProduct(V(repeating: a[8]), x); c9 = c9.addingProduct(V(repeating: a[9]), x)
                    c10 = c10.addingProduct(V(repeating: a[10]), x); c11 = c11.addingProduct(V(repeating: a[11]), x)
                    a += 12
                    b += 32
                }
                sink += (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11)[0]
            }
        }
        return sink
    }
}
