// Written by bench/highlights/fit.py: do not edit by hand; run the script again instead.

/// Highlight scorer parameters fitted on the odd-numbered lines (1, 3, 5, …) of the CNN development stories.
enum FittedHighlightWeights {
    /// One weight per feature, in the order of `HighlightFeatures.names`.
    static let weights: [Double] = [
        -0.0673908334629559,
        0.008859124119959623,
        0.08109147696063682,
        0.05430433562237739,
        0.016312839019306885,
        0.009163360912185973,
        -0.03540742951379464,
        0.02219009050374848,
        -0.01967620259668209,
        -0.013540335902141536,
        -0.004374009467076618,
        0.12549750728550377,
        0.06905450031153165,
        0.063434132495573,
        0.10437808331023771,
        0.008075572697726834,
        -0.005435350325256454,
        -0.012910297707580039,
        -0.01660802427704508,
        0.009076393054712752,
        -0.005774405774066404,
        -0.01470368121423487,
        0.031935309308007455,
        0.00885912411948776,
        -0.02488994786649646,
        -0.00892222529525593,
        -0.010456954697411746,
        0.06435124116948354,
        -0.019516762579281522,
        -0.0003639565400200939,
        -0.01723709742585681,
        -0.004889458311262924,
        -0.01705867630267557,
        0.011282281795394972,
        0.03464465732947446,
        0.023652535879394813,
        -0.03753581373834856,
    ]
    /// Whether the fit found that clause trimming helps.
    static let trimsClauses = true
    /// The redundancy limit the fit chose.
    static let redundancyLimit = 0.7
    /// The score a sentence loses per share of its terms already chosen, as the fit chose it.
    static let diversityWeight = 0.1
}
