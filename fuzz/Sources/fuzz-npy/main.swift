import FuzzSupport
import Quarry

/// NPY: reading either fails with a located error or gives the declared shape, and the
/// copying reader and the mapping reader agree.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzNPY(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let path = FuzzInput.writeScratch(FuzzInput.bytes(data, size))
    var array: NPYArray?
    do {
        let loaded = try NPYArray(contentsOf: path)
        precondition(loaded.floats().count == loaded.rows * loaded.columns, "NPY element count differs from its shape")
        array = loaded
    } catch {
        FuzzInput.checkFailure(error, "NPYArray")
    }
    do {
        let matrix = try MappedFloatMatrix(path: path)
        guard let array else { fatalError("MappedFloatMatrix accepted what NPYArray refused") }
        precondition(matrix.rows == array.rows && matrix.columns == array.columns, "NPY readers disagree on the shape")
        let floats = array.floats()
        for i in 0..<floats.count {
            precondition(floats[i].bitPattern == matrix.values[i].bitPattern || (floats[i].isNaN && matrix.values[i].isNaN),
                         "NPY readers disagree at element \(i)")
        }
    } catch {
        FuzzInput.checkFailure(error, "MappedFloatMatrix")
        precondition(array == nil, "NPYArray accepted what MappedFloatMatrix refused")
    }
    return 0
}

FuzzInput.run(fuzzNPY)
