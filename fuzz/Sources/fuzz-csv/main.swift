import FuzzSupport
import Quarry

/// CSV: the streaming reader and the table loader either fail with a located error or
/// succeed; the table loaded with one thread equals the one loaded in parallel parts.
///
/// The first byte picks the delimiter (`,`, tab, `;`, `|`) and whether every header column
/// is required to be numeric; the rest is the file.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    var bytes = FuzzInput.bytes(data, size)
    guard !bytes.isEmpty else { return 0 }
    let control = bytes.removeFirst()
    var csv = CSVOptions()
    csv.delimiter = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")][Int(control & 3)]
    let path = FuzzInput.writeScratch(bytes)
    var header: [String] = []
    do {
        let reader = try CSVReader(path: path, options: csv)
        header = reader.header
        for record in try reader.readAll() {
            for field in record.fields {
                _ = reader.string(field)
                _ = reader.double(field)
            }
        }
    } catch {
        FuzzInput.checkFailure(error, "CSVReader")
    }
    let numeric: Set<String> = control & 4 != 0 ? Set(header) : []
    var outcomes: [String] = []
    for threads in [1, 3] {
        do {
            let loaded = try CSVTable(path: path, options: CSVTable.Options(csv: csv, numericColumns: numeric, threads: threads))
            outcomes.append(describe(loaded.table))
        } catch {
            FuzzInput.checkFailure(error, "CSVTable(threads: \(threads))")
            outcomes.append("error: \(error)")
        }
    }
    precondition(outcomes[0] == outcomes[1], "CSVTable differs between 1 and 3 threads:\n\(outcomes[0])\n---\n\(outcomes[1])")
    return 0
}

/// The table's names, kinds and values, numbers by bit pattern (so NaN compares equal).
private func describe(_ table: Table) -> String {
    var out = "\(table.names) rows=\(table.rowCount)\n"
    for column in table.columns {
        switch column {
        case .numeric(let values): out += "n:" + values.map { String($0.bitPattern, radix: 16) }.joined(separator: ",") + "\n"
        case .text(let values): out += "t:\(values)\n"
        }
    }
    return out
}

FuzzInput.run(fuzzCSV)
