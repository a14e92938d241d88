import FuzzSupport
import Quarry

/// Derived-feature expressions: parsing either fails with a located error or gives an
/// expression whose text parses back to an equal expression and which evaluates over a
/// small matrix of its columns to one value per row.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzExpression(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: FuzzInput.bytes(data, size), as: UTF8.self)
    do {
        let derived = try DerivedFeature(parsing: text)
        let again: DerivedFeature
        do { again = try DerivedFeature(parsing: derived.text) } catch { fatalError("printed definition does not parse: \(error)\n\(derived.text)") }
        precondition(again == derived, "definition round trip changed it: \(derived.text)")
    } catch {
        FuzzInput.checkFailure(error, "DerivedFeature(parsing:)")
    }
    let expression: FeatureExpression
    do {
        expression = try FeatureExpression(parsing: text)
    } catch {
        FuzzInput.checkFailure(error, "FeatureExpression(parsing:)")
        return 0
    }
    let printed = expression.text
    do {
        let again = try FeatureExpression(parsing: printed)
        precondition(again == expression, "expression round trip changed it: \(printed)")
    } catch {
        fatalError("printed expression does not parse: \(error)\n\(printed)")
    }
    let names = expression.columnNames
    let samples: [Double] = [0, 1, -1, .nan, 1e300, -2.5, 4]
    var values: [Double] = []
    for c in 0..<names.count {
        for r in 0..<samples.count { values.append(samples[(r + c) % samples.count]) }
    }
    do {
        let result = try expression.evaluate(on: FeatureMatrix(names: names, rowCount: samples.count, values: values))
        precondition(result.count == samples.count, "evaluation returned \(result.count) values for \(samples.count) rows")
        precondition(result.allSatisfy { $0.isFinite || $0.isNaN }, "evaluation returned an infinity")
    } catch {
        fatalError("evaluation over the expression's own columns failed: \(error)")
    }
    return 0
}

FuzzInput.run(fuzzExpression)
