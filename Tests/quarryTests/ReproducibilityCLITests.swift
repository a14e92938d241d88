import Foundation
import Testing

/// Every command, run twice with the same seed (and with 1 and 2 threads where it has a
/// `--threads` option), writes byte-identical outputs (issue 12).
@Suite struct ReproducibilityCLITests {
    /// (name, arguments with OUT for the output path, whether it takes --threads).
    static let commands: [(name: String, args: [String], threads: Bool)] = [
        ("mine-csv", ["mine", "scored.csv", "--label", "label", "--score", "score", "--target-recall", "0.8", "--side", "both", "-o", "OUT.csv"], false),
        ("mine-jsonl", ["mine", "scored.csv", "--label", "label", "--score", "score", "--strategy", "top-k", "--k", "5", "-o", "OUT.jsonl"], false),
        ("mine-suspects", ["mine", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.4", "--exclude-suspects", "-o", "OUT.csv"], false),
        ("score", ["score", "scored.csv", "--model", "model.json", "-o", "OUT.csv"], false),
        ("evaluate", ["evaluate", "scored.csv", "--label", "label", "--score", "score", "--target-recall", "0.8", "--band", "0.1",
                      "--bootstrap", "50", "--seed", "3", "-o", "OUT.json"], true),
        ("train-logistic", ["train", "scored.csv", "--label", "label", "--features", "f1,f2", "--seed", "3", "-o", "OUT.json"], false),
        ("train-gbdt", ["train", "scored.csv", "--label", "label", "--features", "f1,f2", "--model", "gbdt", "--num-trees", "5",
                        "--min-child-samples", "2", "--bagging-fraction", "0.7", "--bagging-freq", "1", "--feature-fraction", "0.5",
                        "--seed", "3", "-o", "OUT.json"], false),
        ("explain", ["explain", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.4", "--permutations", "20",
                     "--seed", "3", "-o", "OUT.json"], false),
        ("mine-retrieval", ["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl",
                            "--sampling", "random", "--seed", "3", "--num-negatives", "4", "--include-scores", "--quiet", "-o", "OUT.jsonl"], true),
        ("merge", ["merge", "part0.bin", "part1.bin", "--pairs", "pairs.jsonl", "--sampling", "random", "--seed", "3",
                   "--num-negatives", "4", "--quiet", "-o", "OUT.jsonl"], false),
        ("loop", ["loop", "--train", "train.csv", "--pool", "pool.csv", "--validation", "validation.csv", "--test", "test.csv",
                  "--label", "label", "--features", "f1,f2", "--rounds", "2", "--per-round", "5", "--seed", "3", "-o", "OUT"], false),
    ]

    /// The bytes an output holds: a file, or every file of a run folder but wall-clock timings.
    static func contents(_ path: URL) -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory) else { return [:] }
        guard isDirectory.boolValue else { return ["": FileManager.default.contents(atPath: path.path) ?? Data()] }
        return TrustFixture.snapshot(path).filter { !$0.key.hasSuffix("timings.json") }
    }

    @Test(arguments: commands.map(\.name))
    func sameSeedSameBytes(name: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.make(in: dir)
        for i in 0..<2 {
            let r = try CLI.run(["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl",
                                 "--num-negatives", "4", "--corpus-shard", "\(i)/2", "--quiet", "-o", "part\(i).bin"], in: dir)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let command = Self.commands.first { $0.name == name }!
        let variants: [[String]] = command.threads ? [["--threads", "1"], ["--threads", "2"], ["--threads", "2"]] : [[], []]
        var outputs: [[String: Data]] = []
        for (k, extra) in variants.enumerated() {
            let out = "out\(k)"
            // The run folder's manifest records the command line: name the folder the same each time.
            let args = command.args.map { $0.replacingOccurrences(of: "OUT", with: name == "loop" ? "run" : out) } + extra
            if name == "loop" { try? FileManager.default.removeItem(at: dir.appendingPathComponent("run")) }
            let r = try CLI.run(args, in: dir)
            #expect(r.status == 0, "\(name) \(extra): \(r.stderr)")
            let produced = args.first { $0.hasPrefix(name == "loop" ? "run" : out) }!
            outputs.append(Self.contents(dir.appendingPathComponent(produced)))
        }
        #expect(!outputs[0].isEmpty)
        for other in outputs.dropFirst() {
            #expect(other == outputs[0], "\(name): outputs differ in \(outputs[0].keys.filter { other[$0] != outputs[0][$0] }.sorted())")
        }
    }
}
