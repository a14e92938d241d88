/// A 2-D array in NumPy's `.npy` format: little-endian `float32` or `float64`, C order.
///
/// Reads format versions 1, 2 and 3; writes version 1, or 2 when the header needs more
/// than 65,535 bytes. Everything else the format can hold (other dimensions, Fortran
/// order, big-endian or integer types, truncated data) is a clear ``NPYFormatError``.
/// For large embedding files prefer ``MappedFloatMatrix``, which does not copy the data.
///
/// ```swift
/// let embeddings = try NPYArray(contentsOf: "corpus.npy")
/// let vectors: [Float] = embeddings.floats()      // rows × columns, row after row
/// try NPYArray(rows: 2, columns: 3, floats: [1, 2, 3, 4, 5, 6]).write(to: "out.npy")
/// ```
/// Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
public struct NPYArray: Sendable, Equatable {
    /// The stored values, row after row, in the element type of the file.
    public enum Values: Sendable, Equatable {
        /// `<f4`.
        case float32([Float])
        /// `<f8`.
        case float64([Double])

        var count: Int {
            switch self {
            case .float32(let v): v.count
            case .float64(let v): v.count
            }
        }
    }

    /// The number of rows (first dimension).
    public let rows: Int
    /// The number of columns (second dimension).
    public let columns: Int
    /// The values in C (row-major) order.
    public let values: Values

    /// A `float32` array; `floats.count` must be `rows × columns`.
    public init(rows: Int, columns: Int, floats: [Float]) {
        precondition(rows >= 0 && columns >= 0 && floats.count == rows * columns, "floats must hold rows × columns values")
        self.rows = rows
        self.columns = columns
        values = .float32(floats)
    }

    /// A `float64` array; `doubles.count` must be `rows × columns`.
    public init(rows: Int, columns: Int, doubles: [Double]) {
        precondition(rows >= 0 && columns >= 0 && doubles.count == rows * columns, "doubles must hold rows × columns values")
        self.rows = rows
        self.columns = columns
        values = .float64(doubles)
    }

    /// Reads the file at `path` into memory.
    /// - Throws: ``IOFailure`` when it cannot be read; ``NPYFormatError`` when it is not a
    ///   2-D little-endian float32/float64 C-order array.
    /// - Complexity: O(rows × columns).
    public init(contentsOf path: String) throws {
        let file = try MappedFile(path: path)
        let header = try NPYHeader(file: file)
        rows = header.rows
        columns = header.columns
        let raw = UnsafeRawPointer(file.bytes.baseAddress!) + header.dataOffset
        let count = rows * columns
        switch header.scalarType {
        case .float32:
            values = .float32([Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: raw, byteCount: count * 4) }
                initialized = count
            })
        case .float64:
            values = .float64([Double](unsafeUninitializedCapacity: count) { buffer, initialized in
                if count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: raw, byteCount: count * 8) }
                initialized = count
            })
        }
    }

    /// The element type in the file.
    public var scalarType: NPYScalarType {
        switch values {
        case .float32: .float32
        case .float64: .float64
        }
    }

    /// The values as `Float`, rounding `float64` values to nearest.
    public func floats() -> [Float] {
        switch values {
        case .float32(let v): v
        case .float64(let v): v.map { Float($0) }
        }
    }

    /// The values as `Double` (exact for `float32`).
    public func doubles() -> [Double] {
        switch values {
        case .float32(let v): v.map { Double($0) }
        case .float64(let v): v
        }
    }

    /// Writes the array to `path` atomically (version 1 header, 64-byte aligned data).
    /// - Throws: ``IOFailure`` when the file cannot be created or written.
    public func write(to path: String) throws {
        switch values {
        case .float32(let v):
            try v.withUnsafeBufferPointer { try NPYArray.write(floats: $0, rows: rows, columns: columns, to: path) }
        case .float64(let v):
            try v.withUnsafeBufferPointer { try NPYArray.write(doubles: $0, rows: rows, columns: columns, to: path) }
        }
    }

    /// Writes `rows × columns` floats (row-major) to `path` atomically as `<f4`.
    public static func write(floats: UnsafeBufferPointer<Float>, rows: Int, columns: Int, to path: String) throws {
        precondition(floats.count == rows * columns, "floats must hold rows × columns values")
        try write(UnsafeRawBufferPointer(floats), type: .float32, rows: rows, columns: columns, to: path)
    }

    /// Writes `rows × columns` doubles (row-major) to `path` atomically as `<f8`.
    public static func write(doubles: UnsafeBufferPointer<Double>, rows: Int, columns: Int, to path: String) throws {
        precondition(doubles.count == rows * columns, "doubles must hold rows × columns values")
        try write(UnsafeRawBufferPointer(doubles), type: .float64, rows: rows, columns: columns, to: path)
    }

    private static func write(_ data: UnsafeRawBufferPointer, type: NPYScalarType, rows: Int, columns: Int, to path: String) throws {
        let file = try AtomicFile(path: path)
        try file.write(NPYHeader.encode(type: type, rows: rows, columns: columns))
        #if _endian(little)
        try file.write(data)
        #else
        #error("NPY writing assumes a little-endian host")
        #endif
        try file.commit()
    }
}

/// The element types Quarry reads and writes.
public enum NPYScalarType: String, Sendable {
    /// Little-endian IEEE binary32, `<f4`.
    case float32 = "<f4"
    /// Little-endian IEEE binary64, `<f8`.
    case float64 = "<f8"

    /// Bytes per element.
    public var size: Int { self == .float32 ? 4 : 8 }
}

/// An `.npy` file that Quarry cannot take: where and what was found.
public struct NPYFormatError: QuarryFailure {
    public var kind: FailureKind { .dataError }
    /// The file.
    public let path: String
    /// What is wrong, e.g. "expected a 2-D array, found shape (384,)".
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// One line: header text quoted in ``problem`` is shown with control characters escaped.
    public var message: String { "\(path): not a usable .npy array: \(problem.escapingControlCharacters)" }
}
