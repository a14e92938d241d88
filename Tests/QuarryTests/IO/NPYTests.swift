import Foundation
import Testing
@testable import Quarry

@Suite struct NPYTests {
    struct Expected: Decodable {
        let rows: Int
        let columns: Int
        let dtype: String
        let values: [Double]
    }

    static let expected: [String: Expected] = {
        let data = try! Data(contentsOf: URL(fileURLWithPath: IOTestSupport.fixture("npy_expected.json")))
        return try! JSONDecoder().decode([String: Expected].self, from: data)
    }()

    @Test(arguments: ["f4_v1.npy", "f8_v1.npy", "f4_v2.npy", "f4_v3.npy", "f4_empty.npy", "f4_single_column.npy"])
    func readsWhatNumpyWrote(name: String) throws {
        let want = try #require(Self.expected[name])
        let array = try NPYArray(contentsOf: IOTestSupport.fixture(name))
        #expect(array.rows == want.rows && array.columns == want.columns)
        #expect(array.scalarType.rawValue == want.dtype)
        #expect(array.doubles().map(\.bitPattern) == want.values.map(\.bitPattern))
        #expect(array.floats().map(\.bitPattern) == want.values.map { Float($0).bitPattern })
        let mapped = try MappedFloatMatrix(path: IOTestSupport.fixture(name))
        #expect(mapped.rows == want.rows && mapped.columns == want.columns)
        #expect(Array(mapped.values).map(\.bitPattern) == want.values.map { Float($0).bitPattern })
        #expect(mapped.isZeroCopy == (want.dtype == "<f4"))
    }

    @Test(arguments: ["f4_v1.npy", "f8_v1.npy", "f4_empty.npy", "f4_single_column.npy"])
    func writesTheBytesNumpyWrites(name: String) throws {
        let original = try NPYArray(contentsOf: IOTestSupport.fixture(name))
        let path = IOTestSupport.scratch(name)
        defer { unlink(path) }
        try original.write(to: path)
        let ours = try Data(contentsOf: URL(fileURLWithPath: path))
        let numpys = try Data(contentsOf: URL(fileURLWithPath: IOTestSupport.fixture(name)))
        #expect(ours == numpys)
    }

    @Test func roundTripsLargerArrays() throws {
        var rng = SeededGenerator(seed: 3)
        let values = (0..<(257 * 19)).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }
        let path = IOTestSupport.scratch("big.npy")
        defer { unlink(path) }
        try NPYArray(rows: 257, columns: 19, floats: values).write(to: path)
        let back = try NPYArray(contentsOf: path)
        #expect(back.floats().map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test(arguments: [
        ("bad_1d.npy", "expected a 2-D array, found shape (6,)"),
        ("bad_3d.npy", "expected a 2-D array, found shape (2, 3, 4)"),
        ("bad_fortran.npy", "fortran_order is True; save a C-ordered array (np.ascontiguousarray)"),
        ("bad_big_endian.npy", "dtype '>f4': big-endian floats; convert with arr.astype('<f4')"),
        ("bad_int32.npy", "dtype '<i4': only '<f4' (float32) and '<f8' (float64) are supported"),
        ("bad_truncated.npy", "shape (3, 4) of <f4 needs 48 data bytes, found 43 (truncated)"),
        ("bad_not_npy.npy", "missing the \\x93NUMPY magic string (found different leading bytes)"),
    ])
    func rejectsWhatItCannotUse(name: String, problem: String) {
        let path = IOTestSupport.fixture(name)
        for load in [{ _ = try NPYArray(contentsOf: path) }, { _ = try MappedFloatMatrix(path: path) }] {
            #expect {
                try load()
            } throws: { error in
                guard let error = error as? NPYFormatError else { return false }
                return error.kind == .dataError && error.message == "\(path): not a usable .npy array: \(problem)"
            }
        }
    }

    @Test func missingFileIsNoInput() {
        #expect {
            try NPYArray(contentsOf: "/nonexistent/x.npy")
        } throws: { error in
            (error as? IOFailure)?.kind == .noInput
        }
    }

    @Test func unwritableDestinationIsCannotCreate() {
        #expect {
            try NPYArray(rows: 1, columns: 1, floats: [1]).write(to: "/nonexistent-dir/x.npy")
        } throws: { error in
            (error as? IOFailure)?.kind == .cannotCreate
        }
    }

    static let sharedQueries = URL(fileURLWithPath: IOTestSupport.fixture(""))
        .appendingPathComponent("../../../../shared/data/retrieval-dev/queries.npy").standardized.path

    /// The real embeddings, when the shared data folder is present.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedQueries), "../shared/data/retrieval-dev is absent"))
    func readsSharedRetrievalEmbeddings() throws {
        let path = Self.sharedQueries
        let queries = try MappedFloatMatrix(path: path)
        #expect(queries.rows == 2000 && queries.columns == 384 && queries.isZeroCopy)
        let norm = queries.row(0).reduce(0) { $0 + $1 * $1 }
        #expect(abs(norm - 1) < 1e-4)
    }
}
