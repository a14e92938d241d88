import FuzzSupport
import Quarry

/// JSON and JSON Lines: a parse either fails with a located error, or gives a value whose
/// serialization (compact and pretty) parses back to an equal value; the same bytes read as
/// JSON Lines either fail with a located error or give one value per non-blank line.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, size)
    do {
        let value = try JSONValue.parse(bytes)
        for pretty in [false, true] {
            let text = value.serialized(pretty: pretty)
            let again: JSONValue
            do { again = try JSONValue.parse(text) } catch { fatalError("serialized JSON does not parse: \(error)\n\(text)") }
            precondition(again == value, "JSON round trip changed the value:\n\(text)")
        }
    } catch {
        FuzzInput.checkFailure(error, "JSONValue.parse")
    }
    let path = FuzzInput.writeScratch(bytes)
    do {
        let reader = try JSONLinesReader(path: path)
        var lastLine = 0
        while let (_, line) = try reader.next() {
            precondition(line > lastLine, "JSON Lines line numbers must increase")
            lastLine = line
        }
    } catch {
        FuzzInput.checkFailure(error, "JSONLinesReader")
    }
    return 0
}

FuzzInput.run(fuzzJSON)
