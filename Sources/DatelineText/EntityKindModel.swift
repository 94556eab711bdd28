/// Tells what a name found in a story stands for — a person, a place, an organisation, another
/// kind of name, or nothing worth naming — from the features ``TopicGroups`` reads of it, with
/// the weights bench/topics/fit.py fitted (``FittedEntityWeights``): a linear model, one score
/// per class, the highest wins.
enum EntityKindModel {
    /// The classes, in the order of each weight row.
    static let classes: [TopicKind?] = [.person, .place, .organisation, .other, nil]

    /// The verdict for one name: `kind` nil when the name names nothing.
    struct Verdict {
        var kind: TopicKind?
    }

    /// The model's verdict, or nil when no weights are fitted (the rules decide then).
    static func kind(of features: [String]) -> Verdict? {
        let weights = FittedEntityWeights.weights
        guard !weights.isEmpty else { return nil }
        var scores = [Double](repeating: 0, count: classes.count)
        for feature in features {
            guard let row = weights[feature] else { continue }
            for index in scores.indices { scores[index] += row[index] }
        }
        var best = 0
        for index in scores.indices where scores[index] > scores[best] { best = index }
        return Verdict(kind: classes[best])
    }
}
