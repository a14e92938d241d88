import Foundation
@testable import Quarry

/// A scikit-learn oracle case written by `Tests/Fixtures/metrics/make_fixtures.py`.
struct MetricsFixture: @unchecked Sendable {
    let name: String
    let json: [String: Any]
    let scores: [Double]
    let labels: [UInt8]

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory = packageRoot.appendingPathComponent("Tests/Fixtures/metrics")

    static let caseNames = ["tiny", "ties", "all_equal", "imbalanced", "margins", "only_positives", "only_negatives", "spam"]

    static func load(_ name: String) throws -> MetricsFixture {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(name).json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        if let source = json["source"] as? String {
            let (scores, labels) = try loadScoredCSV(packageRoot.appendingPathComponent(source))
            return MetricsFixture(name: name, json: json, scores: scores, labels: labels)
        }
        let scores = exactNumbers(json["scores"])
        let labels = (json["labels"] as! [NSNumber]).map { UInt8($0.intValue) }
        return MetricsFixture(name: name, json: json, scores: scores, labels: labels)
    }

    /// Reads the `label` and `score` columns of a plain numeric CSV (no quoting).
    static func loadScoredCSV(_ url: URL) throws -> ([Double], [UInt8]) {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        let labelColumn = header.firstIndex(of: "label")!
        let scoreColumn = header.firstIndex(of: "score")!
        var scores: [Double] = []
        var labels: [UInt8] = []
        for line in lines {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            scores.append(Double(fields[scoreColumn])!)
            labels.append(UInt8(fields[labelColumn])!)
        }
        return (scores, labels)
    }

    var data: ScoredLabels { try! ScoredLabels(scores: scores, labels: labels) }

    func double(_ key: String) -> Double? { (json[key] as? NSNumber)?.doubleValue }
    func array(_ key: String) -> [[String: Any]] { json[key] as? [[String: Any]] ?? [] }
    func object(_ key: String) -> [String: Any]? { json[key] as? [String: Any] }
}

func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }
func numbers(_ value: Any?) -> [Double] { (value as! [NSNumber]).map(\.doubleValue) }

/// A value the fixture wrote as shortest round-trip text (Foundation's JSON number parsing
/// is not correctly rounded on Linux, so exact values travel as strings); `nil` for null.
func exactNumber(_ value: Any?) -> Double? { (value as? String).flatMap { Double($0) } }
func exactNumbers(_ value: Any?) -> [Double] { (value as! [String]).map { Double($0)! } }

/// Whether two optional values are both nil or within `tolerance`.
func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-9) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case let (x?, y?): abs(x - y) <= tolerance
    default: false
    }
}

func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
}
