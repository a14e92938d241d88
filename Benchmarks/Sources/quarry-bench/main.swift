// quarry-bench: times Quarry's kernels on generated data. Each benchmark prints its own
// timings; the peers (bench/peers/*.py) run on the same files, and bench/run.sh puts both
// side by side with ratios. Usage: quarry-bench NAME [options]
import Quarry
import Foundation

let benchmarks: [String: (ArraySlice<String>) throws -> Void] = [
    // "name": Benchmark.run,  — each benchmark file registers itself here.
    "csv": CSVBenchmark.run,
    "evaluate-file": EvaluateBenchmark.runFile,
    "evaluate-kernel": EvaluateBenchmark.runKernel,
    "gbdt": GBDTBenchmark.run,
    "logistic": LogisticBenchmark.run,
    "search": SearchBenchmark.run,
    "suspect-knn": SuspectNeighborsBenchmark.run,
    "explain-audit": AuditSuiteBenchmark.run,
    "explain-audit-speed": AuditSpeedBenchmark.run,
    "explain-audit-oracle": AuditOracleBenchmark.run,
    "explain-audit-withheld": AuditWithheldBenchmark.run,
]

let args = CommandLine.arguments.dropFirst()
guard let name = args.first, let run = benchmarks[name] else {
    print("usage: quarry-bench NAME [options]\nbenchmarks: \(benchmarks.keys.sorted().joined(separator: ", "))")
    exit(args.first == nil || args.first == "help" ? 0 : 64)
}
try run(args.dropFirst())
