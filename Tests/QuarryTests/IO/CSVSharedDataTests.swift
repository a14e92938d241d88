import Foundation
import Testing
@testable import Quarry

/// Loads the real tabular data sets of ../shared/data and checks them against their
/// PROVENANCE.json (rows, columns, positives). Skipped when the folder is absent.
@Suite struct CSVSharedDataTests {
    static let folder = URL(fileURLWithPath: IOTestSupport.fixture(""))
        .appendingPathComponent("../../../../shared/data/tabular").standardized.path

    static var provenancePath: String { folder + "/PROVENANCE.json" }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: provenancePath), "../shared/data/tabular is absent"),
          arguments: ["spam", "digits_3_vs_rest", "breast_cancer_wdbc"])
    func matchesProvenance(name: String) throws {
        let provenancePath = Self.provenancePath
        let provenance = try JSONValue.parse(Array(FileManager.default.contents(atPath: provenancePath)!))
        let entry = try #require(provenance[name])
        let path = Self.folder + "/\(name).csv"
        let one = try CSVTable(path: path, options: .init(numericColumns: ["label"], threads: 1))
        let two = try CSVTable(path: path, options: .init(numericColumns: ["label"], threads: 2))
        #expect(one.table.rowCount == entry["rows"]?.intValue)
        #expect(one.table.names.count == entry["cols_total"]?.intValue)
        let labels = try one.binaryLabels(column: "label")
        #expect(labels.filter { $0 }.count == entry["positives"]?.intValue)
        #expect(CSVTableParallelTests.bits(one.table) == CSVTableParallelTests.bits(two.table))
    }
}
