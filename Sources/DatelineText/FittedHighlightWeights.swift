// Written by bench/highlights/fit.py: do not edit by hand; run the script again instead.

/// Highlight scorer parameters fitted on the odd-numbered lines (1, 3, 5, …) of the CNN development stories.
enum FittedHighlightWeights {
    /// One weight per feature, in the order of `HighlightFeatures.names`.
    static let weights: [Double] = [
        -0.07190558757791356,
        0.02922329803551206,
        0.13086242482838512,
        0.07089193868621273,
        0.01839773827780636,
        0.018814337479060143,
        -0.09414305153503606,
        0.039315648581021344,
        -0.001145536896381462,
        0.003610570360851428,
        -0.007261923648652694,
        0.09179938205886938,
        -0.005435881005757809,
        0.029121771660871085,
        0.2270901661003607,
        0.012913575091001252,
        -0.0004074447829726169,
        -0.0100736395755996,
        -0.016240457001515246,
        0.0016434984251591975,
        -0.001961301706061508,
        -0.008195065379237884,
        0.018750274283221242,
        0.029223298035531347,
        -0.029485283341186653,
        0.0005753423474539946,
        -0.010584779624523062,
        0.07813878314955738,
        -0.03212519519312735,
        0.00885170520907456,
        -0.021123424108633986,
        -0.012989857593580992,
        0.017895585401582245,
        0.02796911647046813,
        0.11501228697736277,
        0.0024514840993602673,
        -0.0719682205154022,
    ]
    /// Whether the fit found that clause trimming helps.
    static let trimsClauses = false
    /// The redundancy limit the fit chose.
    static let redundancyLimit = 0.7
}
