/// Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average
/// rank (as scipy.stats.spearmanr). nil when either side is constant or has fewer than 2 values.
public enum RankCorrelation {
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let rx = ranks(x), ry = ranks(y)
        let n = Double(x.count), mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (rx[i] - mx) * (ry[i] - my)
            sxx += (rx[i] - mx) * (rx[i] - mx)
            syy += (ry[i] - my) * (ry[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Ranks 1...n, ties sharing their average rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var out = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { out[order[k]] = rank }
            start = end + 1
        }
        return out
    }
}

/// How well a forecast flags the campaigns that truly lose money: precision and recall of
/// "forecast contribution < 0" against "true contribution < 0".
public struct HarmfulCampaigns: Sendable {
    public var truePositives: Int
    public var flagged: Int
    public var harmful: Int

    public init(forecast: [Double], truth: [Double]) {
        truePositives = zip(forecast, truth).filter { $0 < 0 && $1 < 0 }.count
        flagged = forecast.filter { $0 < 0 }.count
        harmful = truth.filter { $0 < 0 }.count
    }

    /// nil when nothing is flagged (precision) or nothing is harmful (recall).
    public var precision: Double? { flagged > 0 ? Double(truePositives) / Double(flagged) : nil }
    public var recall: Double? { harmful > 0 ? Double(truePositives) / Double(harmful) : nil }
}
