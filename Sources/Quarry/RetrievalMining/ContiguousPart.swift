/// The arithmetic ``CorpusShard`` and ``QueryBlock`` share: part `i` of `n` contiguous parts,
/// written `i/n`, checked and parsed once.
enum ContiguousPart {
    /// Checks `0 ≤ index < count`.
    /// - Parameters:
    ///   - parameter: the parameter's name in messages (`corpusShard`, `queryBlock`).
    ///   - letter: the index's letter in messages (`i`, `j`).
    /// - Throws: ``RetrievalMiningFailure`` (usage) naming the parameter.
    static func check(index: Int, count: Int, parameter: String, letter: String) throws {
        guard count >= 1, index >= 0, index < count else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named(parameter)) must be \(letter)/n with 0 ≤ \(letter) < n, got \(index)/\(count)")
        }
    }

    /// Parses `"i/n"` (range not yet checked).
    /// - Throws: ``RetrievalMiningFailure`` (usage) naming the parameter.
    static func parse(_ text: String, parameter: String, letter: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named(parameter)) expects \(letter)/n (e.g. 0/4), got '\(text)'")
        }
        return (index, count)
    }

    /// Part `index` of `count` of `0..<total`: `⌊total·index/count⌋ ..< ⌊total·(index+1)/count⌋`.
    static func range(index: Int, count: Int, of total: Int) -> Range<Int> {
        (total * index / count)..<(total * (index + 1) / count)
    }
}
