import FuzzSupport
import Quarry

/// Model files: loading either fails with a located error or gives a model that scores a
/// small matrix (including missing and extreme values) without crashing, and whose file
/// written back loads again to the same file.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzModel(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = FuzzInput.writeScratch(FuzzInput.bytes(data, size))
    let file: ModelFile
    do {
        file = try ModelFile.read(path: path)
    } catch {
        FuzzInput.checkFailure(error, "ModelFile.read")
        return 0
    }
    let names = file.model.featureNames
    let samples: [Double] = [0, 1, -1, .nan, 1e300, -1e300, 0.5, 42]
    let rows = samples.count
    var values: [Double] = []
    for c in 0..<names.count {
        for r in 0..<rows { values.append(samples[(r + c) % samples.count]) }
    }
    do {
        let scores = try file.model.score(FeatureMatrix(names: names, rowCount: rows, values: values))
        precondition(scores.count == rows, "a model returned \(scores.count) scores for \(rows) rows")
    } catch {
        FuzzInput.checkFailure(error, "Model.score")
    }
    let text = file.json.serialized()
    do {
        let again = try ModelFile(json: JSONValue.parse(text), path: "round trip")
        precondition(again.json.serialized() == text, "a model file written back loads to a different file")
    } catch {
        fatalError("a loaded model file, written back, does not load: \(error)\n\(text)")
    }
    return 0
}

FuzzInput.run(fuzzModel)
