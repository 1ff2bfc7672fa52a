/// One tree as parallel arrays indexed by node; node 0 is the root.
///
/// An internal node sends a row left when its feature's value is ≤ `threshold` (equivalently,
/// its bin code is ≤ `thresholdBin`), right when greater, and a missing value to the side
/// `missingLeft` names. A leaf has `left == right == -1` and `feature == -1`; its `value`
/// (shrinkage already applied) is added to the raw score.
public struct RegressionTree: Codable, Equatable, Sendable {
    /// Feature split on, or −1 at a leaf.
    public internal(set) var feature: [Int32] = []
    /// Highest bin code sent left.
    public internal(set) var thresholdBin: [UInt8] = []
    /// Highest feature value sent left (+∞ when only missing values go right).
    public internal(set) var threshold: [Float] = []
    /// Whether missing values go left.
    public internal(set) var missingLeft: [Bool] = []
    /// Left child, or −1 at a leaf.
    public internal(set) var left: [Int32] = []
    /// Right child, or −1 at a leaf.
    public internal(set) var right: [Int32] = []
    /// Leaf value (raw-score units, shrinkage applied); at internal nodes the value the node
    /// had as a leaf before it was split.
    public internal(set) var value: [Double] = []
    /// Gain of the node's split (0 at a leaf).
    public internal(set) var gain: [Double] = []
    /// Training rows that reached the node.
    public internal(set) var count: [Int32] = []

    /// Number of nodes.
    public var nodes: Int { feature.count }
    /// Number of leaves.
    public var leaves: Int { feature.reduce(0) { $0 + ($1 < 0 ? 1 : 0) } }

    /// Appends a leaf and returns its index.
    mutating func appendLeaf(value: Double, count: Int) -> Int {
        feature.append(-1); thresholdBin.append(0); threshold.append(0); missingLeft.append(false)
        left.append(-1); right.append(-1); self.value.append(value); gain.append(0); self.count.append(Int32(count))
        return feature.count - 1
    }

    /// Turns leaf `node` into a split with two new leaves as children.
    mutating func split(_ node: Int, feature splitFeature: Int, bin: Int, threshold splitThreshold: Float,
                        missingLeft goesLeft: Bool, gain splitGain: Double,
                        leftLeaf: (value: Double, count: Int), rightLeaf: (value: Double, count: Int)) -> (Int, Int) {
        let leftIndex = appendLeaf(value: leftLeaf.value, count: leftLeaf.count)
        let rightIndex = appendLeaf(value: rightLeaf.value, count: rightLeaf.count)
        feature[node] = Int32(splitFeature)
        thresholdBin[node] = UInt8(bin)
        threshold[node] = splitThreshold
        missingLeft[node] = goesLeft
        left[node] = Int32(leftIndex)
        right[node] = Int32(rightIndex)
        gain[node] = splitGain
        return (leftIndex, rightIndex)
    }

    /// Throws when the arrays disagree in length or a child index points outside the tree or
    /// backwards (which a loaded file could do, and traversal would then never end).
    func validate(features: Int, name: String) throws {
        let n = nodes
        let counts = [thresholdBin.count, threshold.count, missingLeft.count, left.count, right.count,
                      value.count, gain.count, count.count]
        guard n > 0, counts.allSatisfy({ $0 == n }) else {
            throw TreesError.invalidModelFile(name, "a tree's node arrays must be non-empty and of one length, got \(n) and \(counts)")
        }
        for node in 0..<n {
            if feature[node] < 0 {
                guard left[node] == -1, right[node] == -1 else {
                    throw TreesError.invalidModelFile(name, "leaf node \(node) has children")
                }
            } else {
                guard Int(feature[node]) < features, left[node] > Int32(node), right[node] > Int32(node),
                      Int(left[node]) < n, Int(right[node]) < n else {
                    throw TreesError.invalidModelFile(
                        name, "node \(node): feature \(feature[node]) or children \(left[node]), \(right[node]) out of range")
                }
            }
        }
    }
}
