import Foundation
import Testing

/// Count and size options are checked before anything is allocated from them (issue 12):
/// a clear usage error naming the largest sensible value, never a failed allocation or
/// an arithmetic trap.
@Suite struct OptionBoundsCLITests {
    static let huge = String(Int.max)
    static let mine = ["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl", "-o", "out.jsonl"]
    static let merge = ["merge", "part.bin", "--pairs", "pairs.jsonl", "-o", "out.jsonl"]

    static let cases: [(args: [String], status: Int32, message: String)] = [
        (mine + ["--num-negatives", "1000000"], 64, "--num-negatives 1000000 is more than a query can have: at most the corpus size, 60 rows"),
        (mine + ["--num-negatives", huge], 64, "at most the corpus size, 60 rows"),
        (mine + ["--range-min", "1000000000"], 64, "--range-min 1000000000 skips every candidate: it must be below the corpus size, 60 rows"),
        (mine + ["--range-min", huge], 64, "must be below the corpus size, 60 rows"),
        (mine + ["--range-max", huge], 64, "--range-max 9223372036854775807 is too large: at most 2147483647, and more than the corpus size (60 rows) means the whole corpus"),
        (mine + ["--range-max", "1000000000"], 0, ""),
        (mine + ["--range-max", "0"], 64, "--range-max must be at least 1"),
        (mine + ["--range-min", huge, "--range-max", huge, "--num-negatives", huge], 64, "at most the corpus size, 60 rows"),
        (mine + ["--num-negatives", huge, "--absolute-margin", "0.1"], 64, "at most the corpus size, 60 rows"),
        (merge + ["--num-negatives", huge], 64, "at most the corpus size, 60 rows"),
        (merge + ["--range-min", huge], 64, "must be below the corpus size, 60 rows"),
        (merge + ["--range-max", huge], 64, "is too large: at most 2147483647"),
        (["evaluate", "scored.csv", "--label", "label", "--score", "score", "--threshold", "0.5", "--bootstrap", huge], 64,
         "--bootstrap must be a replicate count in 0...1000000"),
        (["train", "scored.csv", "--label", "label", "--model", "gbdt", "--num-trees", "2", "--min-child-samples", huge, "-o", "m.json"], 0, ""),
        (["train", "scored.csv", "--label", "label", "--model", "gbdt", "--num-trees", "2", "--num-leaves", huge, "-o", "m.json"], 64, "num_leaves"),
    ]

    @Test(arguments: cases.indices)
    func boundIsCheckedFirst(index: Int) throws {
        let (args, status, message) = Self.cases[index]
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try TrustFixture.makeWithPart(in: dir)
        let result = try CLI.run(args, in: dir)
        #expect(result.status == status, "\(args): \(result.stderr)")
        if !message.isEmpty { #expect(result.stderr.contains(message), "\(result.stderr)") }
        if status != 0 { #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.jsonl").path)) }
    }
}
