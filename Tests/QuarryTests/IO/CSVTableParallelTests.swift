import Foundation
import Testing
@testable import Quarry
#if canImport(Glibc)
import Glibc
#endif

/// Multi-threaded loading must give exactly what one thread gives, and what the streaming
/// reader plus `strtod` give field by field.
@Suite struct CSVTableParallelTests {
    enum Shape: String, CaseIterable {
        /// Numbers only: split at line feeds.
        case numeric
        /// Quoted text with delimiters, doubled quotes and line breaks: split by quote parity.
        case quoted
        /// A quote inside an unquoted field: parallel parts bail out to one thread.
        case strayQuote
        /// CRLF line ends and blank lines.
        case crlf
    }

    /// About 1.5 MB of seeded random CSV of the given shape.
    static func makeCSV(_ shape: Shape, seed: UInt64) -> String {
        var rng = SeededGenerator(seed: seed)
        let newline = shape == .crlf ? "\r\n" : "\n"
        var out = "id,x,y,note,z" + newline
        var row = 0
        while out.utf8.count < 1_500_000 {
            row += 1
            let x = Double(bitPattern: rng.next() >> 2 | 0x3000_0000_0000_0000) * (rng.nextInt(below: 2) == 0 ? 1 : -1)
            let y = rng.nextInt(below: 10) == 0 ? "" : "\(rng.nextInt(below: 1_000_000)).\(rng.nextInt(below: 1000))e\(rng.nextInt(below: 40) - 20)"
            let z = String(format: "%.6f", rng.nextUnitDouble())
            var note = "n\(row)"
            switch shape {
            case .quoted where rng.nextInt(below: 5) == 0:
                note = "\"multi\nline, \"\"quoted\"\" \(row)\""
            case .strayQuote where row == 9000:
                note = "it\"s"
            default: break
            }
            out += "\(row),\(x),\(y),\(note),\(z)" + newline
            if shape == .crlf, rng.nextInt(below: 50) == 0 { out += newline }
        }
        return out
    }

    static func bits(_ table: Table) -> [[UInt64]] {
        table.columns.map { column in
            switch column {
            case .numeric(let values): values.map(\.bitPattern)
            case .text(let values): values.map { UInt64(truncatingIfNeeded: $0.hashValue) }
            }
        }
    }

    @Test(arguments: Shape.allCases)
    func parallelEqualsSequentialAndStreaming(shape: Shape) throws {
        let path = try IOTestSupport.scratchFile("\(shape.rawValue).csv", Self.makeCSV(shape, seed: 42))
        defer { unlink(path) }
        let one = try CSVTable(path: path, options: .init(threads: 1)).table
        for threads in [2, 3, 4, 7] {
            let loaded = try CSVTable(path: path, options: .init(threads: threads))
            #expect(loaded.partsParsed == (shape == .strayQuote ? 1 : threads))
            let many = loaded.table
            #expect(many.names == one.names)
            #expect(Self.bits(many) == Self.bits(one), "threads: \(threads)")
            #expect(try many.text(named: "note") == one.text(named: "note"))
        }
        // Field by field against the streaming reader and strtod.
        let reader = try CSVReader(path: path)
        var record = CSVRecord()
        var row = 0
        let x = try one.numeric(named: "x"), y = try one.numeric(named: "y"), z = try one.numeric(named: "z")
        let notes = try one.text(named: "note")
        var mismatches = 0
        while try reader.next(into: &record) {
            let fields = record.fields.map(reader.string)
            let oracle: (String) -> Double = { $0.isEmpty ? .nan : $0.withCString { strtod($0, nil) } }
            if oracle(fields[1]).bitPattern != x[row].bitPattern { mismatches += 1 }
            if !(oracle(fields[2]).isNaN && y[row].isNaN) && oracle(fields[2]).bitPattern != y[row].bitPattern { mismatches += 1 }
            if oracle(fields[4]).bitPattern != z[row].bitPattern { mismatches += 1 }
            if fields[3] != notes[row] { mismatches += 1 }
            row += 1
        }
        #expect(row == one.rowCount && mismatches == 0)
    }

    @Test(arguments: [1, 2, 4])
    func lateErrorIsTheSequentialError(threads: Int) throws {
        var text = Self.makeCSV(.quoted, seed: 7)
        text += "999999,1.5,abc,note,0.5\n"
        let path = try IOTestSupport.scratchFile("late.csv", text)
        defer { unlink(path) }
        let lines = text.utf8.filter { $0 == 0x0A }.count
        #expect {
            try CSVTable(path: path, options: .init(numericColumns: ["y"], threads: threads))
        } throws: { error in
            (error as? CSVError)?.message == "\(path): line \(lines), column 3 ('y'): expected a number, found 'abc'"
        }
    }
}

@Suite struct LineFeedCountTests {
    @Test(arguments: [0, 1, 31, 32, 33, 255 * 32, 255 * 32 + 1, 20_000])
    func matchesAPlainCount(length: Int) {
        var rng = SeededGenerator(seed: UInt64(length))
        // Dense line feeds, so a lane counter would overflow without the periodic flush.
        let alphabet: [UInt8] = [UInt8(ascii: "x"), 0x0A, 0x0A, UInt8(ascii: "\"")]
        let bytes = (0..<length).map { _ in alphabet[rng.nextInt(below: alphabet.count)] }
        let expected = bytes.filter { $0 == 0x0A }.count
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
            #expect(CSVBlockParser.countLineFeeds(base, from: 0, to: length) == expected)
            let counted = CSVBlockParser.countLineFeedsAndQuotes(base, from: 0, to: length)
            #expect(counted.lineFeeds == expected && counted.quotes == bytes.filter { $0 == UInt8(ascii: "\"") }.count)
            if length > 3 {
                let partial = bytes[1..<(length - 2)].filter { $0 == 0x0A }.count
                #expect(CSVBlockParser.countLineFeeds(base, from: 1, to: length - 2) == partial)
            }
        }
    }
}

@Suite struct WideCSVTests {
    /// More columns than the in-place column allocation handles (the copy path).
    @Test(arguments: [3, 300])
    func loadsWideTables(columns: Int) throws {
        var rng = SeededGenerator(seed: UInt64(columns))
        var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
        var expected = [[Double]](repeating: [], count: columns)
        for _ in 0..<50 {
            let row = (0..<columns).map { _ in Double(rng.nextInt(below: 1000)) / 8 }
            for (c, v) in row.enumerated() { expected[c].append(v) }
            text += row.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        let path = try IOTestSupport.scratchFile("wide.csv", text)
        defer { unlink(path) }
        let table = try CSVTable(path: path).table
        #expect(table.names.count == columns)
        for c in 0..<columns { #expect(try table.numeric(named: "c\(c)") == expected[c]) }
    }
}
