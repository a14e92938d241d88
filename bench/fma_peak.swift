// The machine's vector FMA ceiling, the yardstick for the search kernel's efficiency:
// 12 independent SIMD8<Float> multiply-add chains with no memory traffic, on one thread and
// on all cores, reported per wall second and per CPU second (the latter is robust to other
// processes sharing the cores). A standalone program, because the benchmarks target is not
// compiled for the CPU (only the Quarry library is):
//   swiftc -O -target-cpu haswell bench/fma_peak.swift -o bench/out/fma_peak && bench/out/fma_peak
import Foundation
enum FMAPeakBenchmark {
    static func run(_ arguments: ArraySlice<String>) throws {
        let iterations = 100_000_000
        let flopsPerThread = Double(iterations) * 12 * 8 * 2
        for threads in [1, ProcessInfo.processInfo.activeProcessorCount] {
            var best = (wall: Double.infinity, cpu: Double.infinity)
            for _ in 0..<3 {
                let cpuStart = cpuSeconds()
                let start = DispatchTime.now().uptimeNanoseconds
                DispatchQueue.concurrentPerform(iterations: threads) { t in
                    blackHole(chains(iterations: iterations, seed: Float(t) + 1))
                }
                let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                best = (min(best.wall, wall), min(best.cpu, cpuSeconds() - cpuStart))
            }
            let flops = flopsPerThread * Double(threads)
            print(String(format: "threads %d: %.1f GFLOP/s by wall time, %.1f GFLOP per CPU-second",
                         threads, flops / best.wall / 1e9, flops / best.cpu / 1e9))
        }
    }

    @inline(never)
    static func chains(iterations: Int, seed: Float) -> Float {
        typealias V = SIMD8<Float>
        let x = V(repeating: 0.999_999), y = V(repeating: 1e-7)
        var a0 = V(repeating: seed), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0
        var a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0
        for _ in 0..<iterations {
            a0 = a0.addingProduct(x, y); a1 = a1.addingProduct(x, y); a2 = a2.addingProduct(x, y)
            a3 = a3.addingProduct(x, y); a4 = a4.addingProduct(x, y); a5 = a5.addingProduct(x, y)
            a6 = a6.addingProduct(x, y); a7 = a7.addingProduct(x, y); a8 = a8.addingProduct(x, y)
            a9 = a9.addingProduct(x, y); a10 = a10.addingProduct(x, y); a11 = a11.addingProduct(x, y)
        }
        let s = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11
        return s.sum()
    }

    @inline(never)
    static func blackHole(_ x: Float) { if x == .pi { print("") } }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    }
}
try FMAPeakBenchmark.run([])
