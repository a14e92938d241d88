import Foundation
import Testing
@testable import Quarry

@Suite struct CSVWriterTests {
    @Test(arguments: [",", ";", "tab"])
    func roundTripsThroughTheReader(delimiter: String) throws {
        let options = try CSVOptions(delimiter: delimiter)
        var rng = SeededGenerator(seed: 17)
        let alphabet = Array("ab,;\t\"\n\r é😀")
        let rows = 500
        let text = (0..<rows).map { _ in String((0..<rng.nextInt(below: 6)).map { _ in alphabet[rng.nextInt(below: alphabet.count)] }) + "z" }
        let numbers = (0..<rows).map { i -> Double in
            switch i % 5 {
            case 0: .nan
            case 1: Double(rng.nextInt(below: 1000))
            case 2: -.infinity
            default: Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF)
            }
        }
        let table = try Table(names: ["text, with \"quotes\"", "value"], columns: [.text(text), .numeric(numbers)])
        let path = IOTestSupport.scratch("written.csv")
        defer { unlink(path) }
        try CSVWriter.write(table, to: path, options: options)
        let back = try CSVTable(path: path, options: .init(csv: options)).table
        #expect(back.names == table.names)
        #expect(try back.text(named: table.names[0]) == text)
        #expect(try back.numeric(named: "value").map(\.bitPattern) == numbers.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern })
    }

    @Test func quotesOnlyWhenNeeded() throws {
        let path = IOTestSupport.scratch("quoting.csv")
        defer { unlink(path) }
        let writer = try CSVWriter(path: path)
        try writer.writeRow(["plain", "a,b", "say \"hi\"", "two\nlines", "", "x y"])
        try writer.writeRow([CSVWriter.format(3), CSVWriter.format(0.1), CSVWriter.format(.nan), CSVWriter.format(-.infinity), CSVWriter.format(1e-7), CSVWriter.format(1e300)])
        try writer.commit()
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,x y\n3,0.1,,-inf,1e-07,1e+300\n")
    }

    @Test func copiesOriginalRecordsAndAppendsFields() throws {
        let input = try IOTestSupport.scratchFile("orig.csv", "id,text,score\r\n1,\"a,\"\"b\"\"\nc\",0.9\r\n2,plain,0.1\r\n")
        let output = IOTestSupport.scratch("mined.csv")
        defer { unlink(input); unlink(output) }
        let reader = try CSVReader(path: input)
        let writer = try CSVWriter(path: output)
        try writer.writeRaw(reader.headerBytes)
        try writer.finishRow(appending: ["quarry_rank"])
        var record = CSVRecord()
        while try reader.next(into: &record) {
            try writer.writeRaw(reader.recordBytes(record))
            try writer.finishRow(appending: ["\(record.number)"])
        }
        try writer.commit()
        let back = try CSVReader(path: output)
        #expect(back.header == ["id", "text", "score", "quarry_rank"])
        #expect(try back.readAll().map { $0.fields.map(back.string) } == [["1", "a,\"b\"\nc", "0.9", "1"], ["2", "plain", "0.1", "2"]])
    }

    @Test func uncommittedOutputLeavesNothing() throws {
        let path = IOTestSupport.scratch("never.csv")
        do {
            let writer = try CSVWriter(path: path)
            try writer.writeRow(["a"])
        }
        #expect(access(path, F_OK) != 0)
    }

    @Test func unwritableDirectoryIsCannotCreate() {
        #expect {
            try CSVWriter(path: "/nonexistent-dir/out.csv")
        } throws: { error in
            (error as? IOFailure)?.kind == .cannotCreate
        }
    }
}
