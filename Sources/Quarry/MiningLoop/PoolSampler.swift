/// How an arm of the mining loop picks its pool negatives each round.
///
/// Every sampler takes at most the round's budget from the pool negatives not taken before,
/// and records each row's inclusion probability π (1 for the unweighted samplers). The
/// weighted samplers fit with weights 1/π, so the added rows stand for the whole unused pool
/// instead of shifting what a log-loss model estimates: unweighted top-N mining makes it learn
/// logit p(x) − log a(x) for the keep-rate a(x), and where a(x) = 0 nothing corrects it.
public enum PoolSampler: String, Sendable, CaseIterable, Equatable {
    /// The hardest unused negatives scored at or above the threshold, highest first (classic
    /// bootstrapping, Felzenszwalb et al. 2010); unweighted.
    case top
    /// Uniform among all unused pool negatives: the same-budget control.
    case random
    /// Uniform among the unused negatives scored within the band around the threshold:
    /// separates *where* the negatives come from from *which* are taken.
    case randomInBand = "random-in-band"
    /// Local case-control sampling (Fithian & Hastie, Ann. Statist. 2014): each unused negative
    /// is kept independently (Poisson sampling) with π = min(1, c · max(ε, p̃(x))) under the
    /// current model, c chosen so that Σπ equals the budget, and fitted with weight 1/π.
    case caseControl = "case-control"
    /// Gradient-based one-side sampling (Ke et al., LightGBM, NeurIPS 2017): the half of the
    /// budget with the largest gradients — for a negative under log-loss, the highest p̃(x) —
    /// at weight 1, plus a uniform sample of the rest at weight #rest / #sampled.
    case goss
    /// Semi-hard negatives (after Schroff et al., FaceNet, CVPR 2015, and Wu et al.'s
    /// distance-weighted sampling, ICCV 2017): a share of the budget drawn uniformly from the
    /// unused negatives nearest the threshold on either side — neither the confidently wrong
    /// ones a linear model cannot fix nor the easy ones it already gets right — and the rest
    /// uniformly from all unused negatives, so the fit keeps seeing the whole pool. Unweighted:
    /// every added row counts 1, so the class balance moves exactly as the random control's.
    case semiHard = "semi-hard"
    /// `semi-hard`'s rows, fitted so that the classes keep the weight ratio of the initial
    /// training set: the added negatives would otherwise shift weight from the positives and,
    /// with it, a log-loss fit's attention away from the high-recall region (the issue's
    /// diagnosis: class balance and a misspecified model decide which region the fit serves).
    /// Every positive of the set fitted is up-weighted by (Σ negative weight / Σ positive
    /// weight) ÷ (the initial set's ratio) — the class-prior correction of cost-sensitive
    /// learning (Elkan, IJCAI 2001) applied to the initial prior.
    case semiHardBalanced = "semi-hard-balanced"

    /// Whether the sampled rows are fitted with weights 1/π.
    public var isWeighted: Bool { self == .caseControl || self == .goss }

    /// Whether the arm's fits keep the initial training set's class-weight ratio.
    public var keepsClassBalance: Bool { self == .semiHardBalanced }

    /// The floor ε on p̃(x) of case-control sampling, so no negative has probability 0.
    public static let caseControlFloor = 0.01

    /// The share of `semi-hard`'s budget drawn near the threshold (the rest is uniform).
    /// Chosen on a pilot (seeds 100–105, never reported) among 0.5, 0.75 and 1 with window 2,
    /// and 0.5 with window 4: the one setting never significantly worse than the random control
    /// in any of the 16 cells (bench/results/loop.md).
    public static let semiHardShare = 0.5
    /// The window of nearest unused negatives that draw comes from, as a multiple of its count
    /// (2: half of the window is taken), so the draw stays random rather than the very nearest.
    public static let semiHardWindow = 2.0

    /// What one round's sampling took.
    public struct Selection: Sendable, Equatable {
        /// The rows taken, in the order they are added (highest score first for `top`).
        public var mined: [MinedPoolRow]
        /// Pool negatives at or above the threshold, taken before or not.
        public var negativesAtOrAboveThreshold: Int
        /// Of those, how many were not taken before.
        public var unusedAboveThreshold: Int
    }

    /// Picks the round's rows.
    /// - Parameters:
    ///   - scores: the current model's pool scores (probabilities for the weighted samplers;
    ///     values outside [0, 1] are clamped).
    ///   - labels: the pool's labels (only negatives are taken).
    ///   - threshold: the validation threshold.
    ///   - used: pool rows taken in earlier rounds.
    ///   - budget: the most rows to take (the expected count for case-control).
    ///   - band: the half-width of `random-in-band`'s band.
    ///   - generator: the round's seeded generator for this arm.
    /// - Complexity: O(n log n) for n pool rows.
    public func select(scores: [Double], labels: [Bool], threshold: Double, used: Set<Int>, budget: Int, band: Double,
                       using generator: inout SeededGenerator) -> Selection {
        var above = 0
        var unusedAbove = 0
        var unused: [Int] = []
        for i in scores.indices where !labels[i] {
            if scores[i] >= threshold { above += 1 }
            guard !used.contains(i) else { continue }
            unused.append(i)
            if scores[i] >= threshold { unusedAbove += 1 }
        }
        let hardestFirst: (Int, Int) -> Bool = { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        var mined: [MinedPoolRow] = []
        switch self {
        case .top:
            // The Mining module's false-positive miner, with rows taken before ineligible: it
            // ranks hardest first, the earlier row first at equal scores.
            var collector = HardExampleCollector<Void>(strategy: FalsePositiveStrategy(threshold: threshold), sides: .negatives)
            for i in scores.indices where !labels[i] { collector.add(row: i, score: scores[i], side: .negative, eligible: !used.contains(i), payload: ()) }
            mined = collector.finish().examples.prefix(budget).map { MinedPoolRow(row: $0.row, score: $0.score) }
        case .random:
            mined = Self.uniform(unused, count: budget, using: &generator).map { MinedPoolRow(row: $0, score: scores[$0]) }
        case .randomInBand:
            let inBand = unused.filter { abs(scores[$0] - threshold) <= band }
            mined = Self.uniform(inBand, count: budget, using: &generator).map { MinedPoolRow(row: $0, score: scores[$0]) }
        case .caseControl:
            let p = unused.map { max(Self.caseControlFloor, min(1, scores[$0])) }
            let c = Self.scale(for: p, budget: Double(budget))
            for (k, i) in unused.enumerated() {
                let pi = min(1, c * p[k])
                if generator.nextUnitDouble() < pi { mined.append(MinedPoolRow(row: i, score: scores[i], inclusion: pi)) }
            }
        case .goss:
            let ranked = unused.sorted(by: hardestFirst)
            let top = min(ranked.count, (budget + 1) / 2)
            mined = ranked.prefix(top).map { MinedPoolRow(row: $0, score: scores[$0]) }
            let rest = Array(ranked.dropFirst(top)).sorted()
            let sampled = min(rest.count, budget - top)
            if sampled > 0 {
                let pi = Double(sampled) / Double(rest.count)
                mined += Self.uniform(rest, count: sampled, using: &generator).map { MinedPoolRow(row: $0, score: scores[$0], inclusion: pi) }
            }
        case .semiHard, .semiHardBalanced:
            let near = min(unused.count, Int((Self.semiHardShare * Double(budget)).rounded()))
            let distance = { abs(scores[$0] - threshold) }
            let nearest = unused.sorted { distance($0) != distance($1) ? distance($0) < distance($1) : $0 < $1 }
            let window = min(nearest.count, Int((Self.semiHardWindow * Double(near)).rounded(.up)))
            let fromBand = Self.uniform(Array(nearest.prefix(window)), count: near, using: &generator)
            let taken = Set(fromBand)
            let fromRest = Self.uniform(unused.filter { !taken.contains($0) }, count: budget - fromBand.count, using: &generator)
            mined = (fromBand + fromRest).map { MinedPoolRow(row: $0, score: scores[$0]) }
        }
        return Selection(mined: mined, negativesAtOrAboveThreshold: above, unusedAboveThreshold: unusedAbove)
    }

    /// `count` distinct members of `rows`, in the order drawn (a partial Fisher–Yates shuffle).
    /// - Complexity: O(rows.count).
    static func uniform(_ rows: [Int], count: Int, using generator: inout SeededGenerator) -> [Int] {
        var rows = rows
        let k = min(count, rows.count)
        generator.shuffle(&rows, prefix: k)
        return Array(rows.prefix(k))
    }

    /// The c with Σ min(1, c · pᵢ) = `budget` (all of them, c = ∞, when the budget is at least
    /// their count), by bisection: the sum is continuous and increasing in c.
    static func scale(for p: [Double], budget: Double) -> Double {
        guard budget < Double(p.count) else { return .infinity }
        func expected(_ c: Double) -> Double { p.reduce(0) { $0 + min(1, c * $1) } }
        var lo = 0.0, hi = 1.0
        while expected(hi) < budget { hi *= 2 }
        for _ in 0..<100 {
            let mid = (lo + hi) / 2
            if expected(mid) < budget { lo = mid } else { hi = mid }
        }
        return hi
    }
}

/// The control arm a mining loop runs next to its strategy, on the same budget, pool, seed and
/// model settings, so that what the strategy gained can be told from simply having more data.
public enum LoopControl: String, Sendable, CaseIterable, Equatable {
    /// Uniform random pool negatives (``PoolSampler/random``).
    case random
    /// Uniform random pool negatives near the threshold (``PoolSampler/randomInBand``).
    case randomInBand = "random-in-band"
    /// The model fitted once on the training set plus the whole pool: the most data can give.
    case fullPool = "full-pool"

    /// The sampler of a sampling control; `nil` for `full-pool`.
    public var sampler: PoolSampler? {
        switch self {
        case .random: .random
        case .randomInBand: .randomInBand
        case .fullPool: nil
        }
    }

    /// The folder inside each round folder (or the run folder, for `full-pool`) holding its files.
    public var folder: String { "control-" + rawValue }

    /// The controls `--control` lists: names separated by commas (`random,full-pool`), or
    /// `none` for no control; the first is the one the summary compares against.
    /// - Throws: ``InvalidInput`` for an unknown name or a name listed twice.
    public static func list(parsing text: String) throws -> [LoopControl] {
        if text == "none" { return [] }
        var controls: [LoopControl] = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard let control = LoopControl(rawValue: name) else {
                throw InvalidInput(parameter: "control", "takes \(allCases.map(\.rawValue).joined(separator: ", ")) (comma-separated) or none; got '\(name)'")
            }
            guard !controls.contains(control) else { throw InvalidInput(parameter: "control", "lists '\(name)' twice") }
            controls.append(control)
        }
        return controls
    }
}
