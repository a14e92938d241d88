import FuzzSupport
import Quarry

/// Qrels: reading either fails with a located error or gives judgments with increasing
/// line numbers and non-empty ids.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzQrels(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = FuzzInput.writeScratch(FuzzInput.bytes(data, size))
    var lastLine = 0
    do {
        try QrelsFile.forEachJudgment(in: path) { judgment in
            precondition(judgment.line > lastLine, "qrels line numbers must increase")
            precondition(!judgment.queryID.isEmpty && !judgment.documentID.isEmpty, "qrels ids must not be empty")
            lastLine = judgment.line
        }
    } catch {
        FuzzInput.checkFailure(error, "QrelsFile")
    }
    return 0
}

FuzzInput.run(fuzzQrels)
