import Foundation
import Testing
@testable import Quarry

/// RFC 4180 cases with Python's csv module and pandas.read_csv as oracles
/// (Tests/Fixtures/io/make_csv_fixtures.py).
@Suite struct CSVReaderTests {
    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let text: String
        let delimiter: String
        let header: [String]
        let records: [[String]]
        let numeric: [String: [String?]]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: IOTestSupport.fixture("csv_cases.json")))
        return try! JSONDecoder().decode([Case].self, from: data)
    }()

    @Test(arguments: cases)
    func readsFieldsAsPythonCSV(testCase: Case) throws {
        let path = try IOTestSupport.scratchFile("\(testCase.name).csv", testCase.text)
        defer { unlink(path) }
        let reader = try CSVReader(path: path, options: CSVOptions(delimiter: testCase.delimiter))
        #expect(reader.header == testCase.header)
        let records = try reader.readAll()
        #expect(records.map { $0.fields.map(reader.string) } == testCase.records)
    }

    @Test(arguments: cases)
    func loadsNumericColumnsAsPandas(testCase: Case) throws {
        let path = try IOTestSupport.scratchFile("\(testCase.name).csv", testCase.text)
        defer { unlink(path) }
        let loaded = try CSVTable(path: path, options: .init(csv: CSVOptions(delimiter: testCase.delimiter), threads: 1))
        let table = loaded.table
        var numericNames: [String] = []
        for (name, column) in zip(table.names, table.columns) {
            if case .numeric = column { numericNames.append(name) }
        }
        #expect(Set(numericNames) == Set(testCase.numeric.keys))
        for (name, expected) in testCase.numeric {
            let values = try table.numeric(named: name)
            let want = expected.map { $0.map { Double($0)! } ?? .nan }
            #expect(values.map(\.bitPattern) == want.map(\.bitPattern) || zip(values, want).allSatisfy { $0.isNaN && $1.isNaN || $0.bitPattern == $1.bitPattern },
                    "\(name): \(values) vs \(want)")
        }
        for (c, name) in table.names.enumerated() where testCase.numeric[name] == nil {
            #expect(try table.text(named: name) == testCase.records.map { $0[c] })
        }
    }

    @Test func reportsPhysicalLinesAndRecordNumbers() throws {
        let path = try IOTestSupport.scratchFile("lines.csv", "id,text\n1,\"a\nb\nc\"\n\n2,x\r\n3,\"\"\"\"\n")
        defer { unlink(path) }
        let reader = try CSVReader(path: path)
        let records = try reader.readAll()
        #expect(records.map(\.line) == [2, 6, 7])
        #expect(records.map(\.number) == [1, 2, 3])
        let spans = records.map { String(decoding: reader.recordBytes($0), as: UTF8.self) }
        #expect(spans == ["1,\"a\nb\nc\"", "2,x", "3,\"\"\"\""])
        #expect(String(decoding: reader.headerBytes, as: UTF8.self) == "id,text")
    }

    @Test(arguments: ["a,b\n", "a,b", "a,b\r\n\n\n"])
    func headerOnlyGivesAnEmptyTable(text: String) throws {
        let path = try IOTestSupport.scratchFile("header-only.csv", text)
        defer { unlink(path) }
        let table = try CSVTable(path: path).table
        #expect(table.names == ["a", "b"] && table.rowCount == 0)
        #expect(try CSVReader(path: path).readAll().isEmpty)
    }

    @Test func skipsAByteOrderMark() throws {
        let path = try IOTestSupport.scratchFile("bom.csv", "\u{FEFF}id,score\n1,0.5\n")
        defer { unlink(path) }
        #expect(try CSVReader(path: path).header == ["id", "score"])
        #expect(try CSVTable(path: path).table.numeric(named: "score") == [0.5])
    }

    @Test(arguments: ["é", "ab", "\"", "\n", ""])
    func rejectsBadDelimiters(delimiter: String) {
        #expect(throws: InvalidInput.self) { try CSVOptions(delimiter: delimiter) }
    }

    @Test func acceptsTabSpellings() throws {
        #expect(try CSVOptions(delimiter: "tab").delimiter == 0x09)
        #expect(try CSVOptions(delimiter: "\\t").delimiter == 0x09)
    }
}

/// Every error case, with the file, line and column text it must name.
@Suite struct CSVErrorTests {
    static let errorCases: [(name: String, text: String, numeric: [String], message: String)] = [
        ("empty", "", [], "line 1: expected a header row, found an empty file"),
        ("empty_header", "\na,b\n1,2\n", [], "line 1: expected a header row, found an empty line"),
        ("ragged_short", "a,b\n1,2\n3\n", [], "line 3: expected 2 fields as in the header, found 1"),
        ("ragged_long", "a,b\n1,2\n3,4,5\n", [], "line 3: expected 2 fields as in the header, found 3"),
        ("ragged_after_quoted_newline", "a,b\n\"x\ny\",2\n3,4,5\n", [], "line 4: expected 2 fields as in the header, found 3"),
        ("unterminated", "a,b\n1,2\n3,\"abc\n4,5\n", [], "line 3, column 2 ('b'): expected a closing '\"' for the quoted field starting here, found the end of the file"),
        ("after_closing_quote", "a,b\n\"x\"y,2\n", [], "line 2, column 1 ('a'): expected a delimiter or the end of the line after a closing '\"', found 'y'"),
        ("not_a_number", "id,score\n\"multi\nline\",0.5\nx,abc\n", ["score"], "line 4, column 2 ('score'): expected a number, found 'abc'"),
        ("quoted_not_a_number", "a,score\n1,\"1\"\"2\"\n", ["score"], "line 2, column 2 ('score'): expected a number, found '1\"2'"),
        ("duplicate_column", "a,b,a\n1,2,3\n", [], "line 1, column 3 ('a'): expected unique column names, found 'a' again (first in column 1)"),
        ("number_with_text", "score,b\n0.5,1\n0.5x,2\n", ["score"], "line 3, column 1 ('score'): expected a number, found '0.5x'"),
    ]

    @Test(arguments: errorCases.indices)
    func tableLoaderNamesLineAndColumn(index: Int) throws {
        let c = Self.errorCases[index]
        let path = try IOTestSupport.scratchFile("\(c.name).csv", c.text)
        defer { unlink(path) }
        for threads in [1, 2] {
            #expect {
                try CSVTable(path: path, options: .init(numericColumns: Set(c.numeric), threads: threads))
            } throws: { error in
                guard let error = error as? CSVError else { return false }
                return error.kind == .dataError && error.message == "\(path): \(c.message)"
            }
        }
    }

    @Test(arguments: errorCases.indices.filter { !errorCases[$0].name.contains("number") })
    func streamingReaderNamesLineAndColumn(index: Int) throws {
        let c = Self.errorCases[index]
        let path = try IOTestSupport.scratchFile("\(c.name).csv", c.text)
        defer { unlink(path) }
        #expect {
            let reader = try CSVReader(path: path)
            _ = try reader.readAll()
        } throws: { error in
            (error as? CSVError)?.message == "\(path): \(c.message)"
        }
    }

    @Test func unknownRequiredColumnIsUsage() throws {
        let path = try IOTestSupport.scratchFile("cols.csv", "a,b\n1,2\n")
        defer { unlink(path) }
        #expect {
            try CSVTable(path: path, options: .init(numericColumns: ["score"]))
        } throws: { error in
            (error as? InvalidInput).map { $0.kind == .usage && $0.message == "\(path): unknown column 'score'; the columns are: 'a', 'b'" } ?? false
        }
    }

    @Test func missingFileIsNoInput() {
        #expect {
            try CSVTable(path: "/nonexistent/in.csv")
        } throws: { error in
            (error as? IOFailure).map { $0.kind == .noInput && $0.message.hasPrefix("cannot read '/nonexistent/in.csv'") } ?? false
        }
    }

    @Test func directoryIsNoInput() {
        #expect {
            try CSVTable(path: NSTemporaryDirectory())
        } throws: { error in
            (error as? IOFailure)?.kind == .noInput
        }
    }

    static let labelCases: [(text: String, positive: String?, labels: [Bool]?, message: String?)] = [
        ("label\n1\n0\n1.0\n", nil, [true, false, true], nil),
        ("label\ntrue\nFALSE\nTrue\n", nil, [true, false, true], nil),
        ("label\n1\n0\n2\n", nil, nil, "line 4, column 1 ('label'): expected a binary label (0/1 or true/false), found '2'"),
        ("label\ntrue\nFALSE\nyes\n", nil, nil, "line 4, column 1 ('label'): expected a binary label (0/1 or true/false), found 'yes'"),
        ("label,x\n1,1\n,2\n", nil, nil, "line 3, column 1 ('label'): expected a binary label (0/1 or true/false), found an empty field"),
        ("label\nspam\nham\nspam\n", "spam", [true, false, true], nil),
        ("label\n2\n1\n2\n", "2", [true, false, true], nil),
        ("label\nspam\n\n", "spam", [true], nil),
        ("label,x\nspam,1\n,2\n", "spam", nil,
         "line 3, column 1 ('label'): expected a binary label ('spam' for the positive class, any other value for the negative), found an empty field"),
    ]

    @Test(arguments: labelCases.indices)
    func binaryLabels(index: Int) throws {
        let c = Self.labelCases[index]
        let path = try IOTestSupport.scratchFile("labels.csv", c.text)
        defer { unlink(path) }
        let loaded = try CSVTable(path: path)
        if let labels = c.labels {
            #expect(try loaded.binaryLabels(column: "label", positive: c.positive) == labels)
        } else {
            #expect {
                try loaded.binaryLabels(column: "label", positive: c.positive)
            } throws: { error in
                (error as? CSVError)?.message == "\(path): \(c.message!)"
            }
        }
    }

    @Test(arguments: [
        ("score\n0.5\nnan\n", "line 3, column 1 ('score'): expected a finite number, found 'nan'"),
        ("score,x\n0.5,1\n,2\n", "line 3, column 1 ('score'): expected a finite number, found an empty field"),
        // A message is one line: the line break inside the field is shown escaped.
        ("score\n\"a\nb\"\n-inf\n", "line 2, column 1 ('score'): expected a number, found 'a\\nb'"),
        ("x,score\n\"a\nb\",1\n2,-inf\n", "line 4, column 2 ('score'): expected a finite number, found '-inf'"),
    ])
    func finiteNumbers(text: String, message: String) throws {
        let path = try IOTestSupport.scratchFile("scores.csv", text)
        defer { unlink(path) }
        let loaded = try CSVTable(path: path)
        #expect {
            try loaded.finiteNumbers(column: "score")
        } throws: { error in
            (error as? CSVError)?.message == "\(path): \(message)"
        }
    }
}
