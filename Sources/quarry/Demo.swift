import ArgumentParser
import Foundation
import Quarry

extension QuarryCommand {
    /// `quarry demo`: Quarry's main job on the bundled spam data.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Quarry's main job on bundled real data (UCI Spambase).",
            discussion: """
            Measures a spam filter's scores at the operating point "recall ≥ 0.9", mines its hard \
            negatives (legitimate mail scored as spam) and shows what sets them apart. The data \
            ships in Examples/data (see PROVENANCE.md there).
            """)

        @Option(help: "The folder holding spam_scored.csv (default: the repository's Examples/data).")
        var data: String?

        @Option(name: .shortAndLong, help: "Where to write the demo's outputs.")
        var output: String = "quarry-demo"

        @Option(parsing: .unconditional, help: "Seed of the split and of every random choice.")
        var seed: UInt64 = 7

        @Flag(help: "No progress output.")
        var quiet = false

        func run() throws {
            let folder = try Self.locateData(data)
            let scored = folder + "/spam_scored.csv"
            try Directories.create(output)
            var out = DemoPrinter()

            out.title("Quarry demo — UCI Spambase: 4,601 e-mails, 1,813 of them spam")
            out.line("Each mail carries a score from a logistic-regression spam filter that never saw it")
            out.line("(cross-validated; \(scored)). A hard negative is a legitimate mail the filter")
            out.line("scores like spam: the costly mistake of a spam filter.")

            // 1. Measure in the threshold region.
            let csv = try CSVTable(path: scored, options: .init(numericColumns: ["score"]))
            let scores = try csv.finiteNumbers(column: "score")
            let labels = try csv.binaryLabels(column: "label")
            let evaluator = try Evaluator(options: EvaluationOptions(operatingPoint: .targetRecall(0.9), bandHalfWidth: 0.1,
                                                                     maxFPR: 0.1, bootstrapReplicates: 500, seed: seed))
            let report = evaluator.evaluate(try ScoredLabels(scores: scores, labels: labels))
            out.section("1. Measure at the operating point: the threshold that keeps recall ≥ 0.90")
            out.block(report.text)
            try AtomicFile.write(Array((report.json(leadingParameters: [("file", .string(scored))]).serialized(pretty: true) + "\n").utf8),
                                 to: output + "/evaluation.json")

            // 2. Mine the hard negatives at that threshold.
            guard let point = report.operatingPoint else {
                throw InvalidInput("no threshold reaches recall 0.9 on the demo data", kind: .dataError)
            }
            let pass = try StreamingMiningPass(path: scored, csvOptions: CSVOptions(), label: "label", score: "score",
                                               id: "id", positive: nil, progress: TerminalProgress.reporter(quiet: quiet))
            let mined = try pass.run(strategy: FalsePositiveStrategy(threshold: point.threshold), sides: .both) { reader, record in
                Array(reader.recordBytes(record))
            }
            let minedPath = output + "/hard_examples.csv"
            try MinedRowsWriter.writeCSV(mined, header: pass.headerBytes, delimiter: UInt8(ascii: ","), to: minedPath)
            let negatives = mined.examples.filter { $0.side == .negative }
            let positives = mined.examples.filter { $0.side == .positive }
            out.section("2. Hard examples at threshold \(NumberFormat.rounded(point.threshold))")
            out.line("\(negatives.count) hard negatives: legitimate mails scored ≥ the threshold (of \(mined.sides[.negative]?.from ?? 0) legitimate mails).")
            out.line("\(positives.count) hard positives: spam scored below it (of \(mined.sides[.positive]?.from ?? 0) spam mails).")
            out.line("All of them, hardest first, with their features: \(minedPath)")

            // 3. What sets the hardest negatives apart: features far from the typical legitimate mail.
            out.section("3. The hardest negatives, and the features that make them look like spam")
            let features = csv.table.names.filter { !["id", "label", "score"].contains($0) }
            let typical = try NegativeProfile(table: csv.table, labels: labels, features: features)
            let ids = try csv.table.text(named: "id")
            for example in negatives.prefix(8) {
                let standout = typical.standout(row: example.row, table: csv.table, top: 3)
                    .map { "\($0.name)=\(NumberFormat.rounded($0.value, digits: 2)) (\(NumberFormat.rounded($0.z, digits: 1))σ)" }
                    .joined(separator: ", ")
                out.line("  #\(example.rank)  id \(ids[example.row])  score \(NumberFormat.fixed(example.score, 4))  \(standout)")
            }

            _ = try runLoops(folder: folder, seed: seed, into: &out)

            out.section("What to look at next")
            out.line("- The band: \(report.band.map { "\($0.rows) mails score within ±0.1 of the threshold and \(NumberFormat.rounded(100 * ($0.errorRate ?? 0), digits: 1))% of them are misclassified" } ?? "n/a") —")
            out.line("  that is where the filter makes its decisive calls.")
            out.line("- Your own data: quarry evaluate FILE --label L --score S --target-recall 0.9 --band 0.1 --bootstrap 1000")
            out.line("                 quarry mine FILE --label L --score S --target-recall 0.9 -o hard.csv")
            out.line("- Your own loop: quarry loop --train T.csv --pool P.csv --validation V.csv --test X.csv --label L \\")
            out.line("                 --model gbdt --strategy expand --target-recall 0.9 -o run/")
            out.line("Outputs: \(output)/evaluation.json, \(minedPath), \(output)/loop-*/")

            // 5. One self-contained HTML report of the threshold region, its path the last line.
            let reportPath = output + "/report.html"
            let html = HTMLReport.scored(try ScoredLabels(scores: scores, labels: labels), evaluation: report, source: scored,
                                         hardNegatives: negatives.map(\.row), ids: ids)
            try AtomicFile.write(Array(html.html.utf8), to: reportPath)
            out.line("The report (open it in a browser; \(html.charts.count) charts, no script, nothing fetched):")
            out.line(reportPath)
            Terminal.print(String(out.text.dropLast()))   // the report path is the last line
        }

        /// The bundled data folder: `--data`, else `Examples/data` under the current directory,
        /// else the one in the source tree this binary was built from.
        static func locateData(_ given: String?) throws -> String {
            var candidates: [String] = []
            if let given { candidates.append(given) }
            candidates.append("Examples/data")
            let sourceRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(sourceRoot.appendingPathComponent("Examples/data").path)
            for folder in candidates where FileManager.default.fileExists(atPath: folder + "/spam_scored.csv") {
                return folder
            }
            throw IOFailure(kind: .noInput, path: (given ?? "Examples/data") + "/spam_scored.csv",
                            reason: "the demo data is not there; pass --data DIR (the folder Examples/data of Quarry's repository)")
        }
    }
}

/// Collects the demo's text.
struct DemoPrinter {
    private(set) var text = ""
    mutating func title(_ s: String) { text += s + "\n" + String(repeating: "=", count: s.count) + "\n" }
    mutating func section(_ s: String) { text += "\n" + s + "\n" + String(repeating: "-", count: s.count) + "\n" }
    mutating func line(_ s: String) { text += s + "\n" }
    mutating func block(_ s: String) { text += s.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n") + "\n" }
}
