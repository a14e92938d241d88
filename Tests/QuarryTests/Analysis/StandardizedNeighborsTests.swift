import Testing
@testable import Quarry

@Suite struct StandardizedNeighborsTests {
    @Test(arguments: [(300, 3, 5), (1100, 7, 10), (50, 1, 60)])
    func matchesBruteForce(rows: Int, columns: Int, k: Int) {
        var g = SeededGenerator(seed: UInt64(rows * 31 + columns))
        // Coarse values make exact distance ties common, so the tie rule is exercised.
        let values = (0..<(rows * columns)).map { _ in g.nextUnitDouble() < 0.05 ? Double.nan : Double(g.nextInt(below: 4)) }
        let features = FeatureMatrix(names: (0..<columns).map { "f\($0)" }, rowCount: rows, values: values)
        let index = StandardizedNeighbors(features)
        let queries = (0..<rows).filter { $0 % 7 == 0 }
        let found = index.nearest(to: queries, k: k)
        for (query, neighbours) in zip(queries, found) {
            let distances = (0..<rows).map { r -> (Double, Int) in
                var sum = 0.0
                for c in 0..<columns {
                    let d = index.rows[query * index.stride + c] - index.rows[r * index.stride + c]
                    sum += d * d
                }
                return (sum, r)
            }
            let expected = distances.filter { $0.1 != query }
                .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }.prefix(min(k, rows - 1)).map(\.1)
            // Same neighbours up to reorderings among distances equal within rounding (the
            // kernel sums in SIMD lanes, the reference sequentially; exact ties by index).
            #expect(neighbours.count == expected.count)
            for (got, want) in zip(neighbours, expected) {
                #expect(abs(distances[got].0 - distances[want].0) < 1e-9, "query \(query): \(neighbours) vs \(expected)")
            }
            #expect(neighbours.prefix(while: { _ in true }).count == Set(neighbours).count)
        }
    }

    @Test func standardizesAndImputes() {
        let features = FeatureMatrix(names: ["a", "b"], rowCount: 4, values: [1, 2, 3, .nan, 5, 5, 5, 5])
        let index = StandardizedNeighbors(features)
        let mean = 2.0, sd = (2.0 / 3).squareRoot()
        #expect(abs(index.rows[0] - (1 - mean) / sd) < 1e-12)
        #expect(index.rows[3 * index.stride] == 0)
        #expect(index.rows[1] == 0)
    }
}
