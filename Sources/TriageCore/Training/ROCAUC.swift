/// Area under the ROC curve: the probability that a random positive scores above a random
/// negative, ties counting half (Mann–Whitney U).
public enum ROCAUC {
    /// nil when either class is empty.
    public static func compute(scores: [Float], labels: [Bool]) -> Double? {
        precondition(scores.count == labels.count, "AUC: scores and labels differ in length")
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSumOfPositives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] { rankSumOfPositives += averageRank }
            i = j + 1
        }
        let u = rankSumOfPositives - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }
}
