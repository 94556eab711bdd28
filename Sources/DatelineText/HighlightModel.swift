/// The weights of Dateline's highlight scorer: a linear model over ``HighlightFeatures``.
public struct HighlightModel: Hashable, Sendable {
    /// One weight per feature, in the order of ``HighlightFeatures/names``.
    public var weights: [Double]
    /// Whether highlights are trimmed by ``ClauseTrimmer`` before they are shown.
    public var trimsClauses: Bool
    /// Two sentences sharing more than this share of their terms are not both chosen.
    public var redundancyLimit: Double
    /// How much a sentence's score drops per share of its terms already among the chosen
    /// sentences (the set is chosen greedily, each pick weighed against the picks before it).
    public var diversityWeight: Double

    /// Makes a model; missing weights count as zero.
    public init(
        weights: [Double], trimsClauses: Bool = true, redundancyLimit: Double = 0.5, diversityWeight: Double = 0
    ) {
        self.weights = weights
        self.trimsClauses = trimsClauses
        self.redundancyLimit = redundancyLimit
        self.diversityWeight = diversityWeight
    }

    /// The model fitted on the CNN development stories by `bench/highlights/fit.py` and shipped
    /// with Dateline.
    public static let fitted = HighlightModel(
        weights: FittedHighlightWeights.weights, trimsClauses: FittedHighlightWeights.trimsClauses,
        redundancyLimit: FittedHighlightWeights.redundancyLimit,
        diversityWeight: FittedHighlightWeights.diversityWeight)

    /// The score of one feature vector: higher means a better highlight.
    func score(_ features: [Double]) -> Double {
        var total = 0.0
        for (index, value) in features.enumerated() where index < weights.count {
            total += weights[index] * value
        }
        return total
    }
}
