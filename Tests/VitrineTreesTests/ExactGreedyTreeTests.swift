import Foundation
import Testing
import VitrineEngine
@testable import VitrineTrees

/// One tree against an exact greedy tree written here from the definition: with fewer
/// distinct values than bins, histogram binning loses nothing, so both must choose the same
/// splits and leaf values.
@Suite("Exact greedy comparison")
struct ExactGreedyTreeTests {
    /// A best-first tree on raw values: every leaf tries every feature's every boundary
    /// between distinct sorted values, scored by G_L²/(H_L+λ) + G_R²/(H_R+λ) − G²/(H+λ).
    struct ExactTree {
        let columns: [[Float]]
        let gradients: [Double]
        let lambda: Double
        let minSamplesLeaf: Int
        let maxLeaves: Int

        func score(_ rows: [Int]) -> Double {
            let g = rows.reduce(0.0) { $0 + gradients[$1] }
            return g * g / (Double(rows.count) + lambda)
        }

        func bestSplit(_ rows: [Int]) -> (gain: Double, left: [Int], right: [Int])? {
            var best: (gain: Double, left: [Int], right: [Int])?
            for column in columns {
                let sorted = rows.sorted { column[$0] < column[$1] }
                for cut in 1..<sorted.count where column[sorted[cut - 1]] < column[sorted[cut]] {
                    let left = Array(sorted[..<cut]), right = Array(sorted[cut...])
                    guard left.count >= minSamplesLeaf, right.count >= minSamplesLeaf else { continue }
                    let gain = score(left) + score(right) - score(rows)
                    if gain > (best?.gain ?? 1e-9) { best = (gain, left, right) }
                }
            }
            return best
        }

        /// The value −G/(H+λ) each row's leaf gives it.
        func leafValues() -> [Double] {
            var leaves = [Array(0..<gradients.count)]
            while leaves.count < maxLeaves {
                let candidates = leaves.enumerated().compactMap { index, rows in bestSplit(rows).map { (index, $0) } }
                guard let (index, split) = candidates.max(by: { $0.1.gain < $1.1.gain }) else { break }
                leaves[index] = split.left
                leaves.append(split.right)
            }
            var values = [Double](repeating: 0, count: gradients.count)
            for rows in leaves {
                let g = rows.reduce(0.0) { $0 + gradients[$1] }
                for row in rows { values[row] = -g / (Double(rows.count) + lambda) }
            }
            return values
        }
    }

    @Test(arguments: [0.0, 2.0])
    func histogramTreeEqualsExactGreedyTree(lambda: Double) throws {
        let generator = Generator(seed: UInt64(11 + lambda))
        let rows = 400
        // Values on a grid of 50 (x1) and 30 (x2) points: fewer distinct values than bins.
        let x1 = (0..<rows).map { _ in Float(generator.int(below: 50)) / 10 }
        let x2 = (0..<rows).map { _ in Float(generator.int(below: 30)) }
        let x3 = (0..<rows).map { _ in Float(generator.int(below: 7)) }
        let y: [Float] = (0..<rows).map { i in
            let signal: Double = 2 * sin(Double(x1[i])) + Double(x2[i]) / 10
            return Float(signal + 0.3 * generator.normal())
        }
        let parameters = BoostingParameters(maxIterations: 1, learningRate: 1, maxLeafNodes: 9, minSamplesLeaf: 8,
                                            minSumHessian: 0, l2Regularization: lambda)
        let model = try GradientBoostedTrees.fit(features: try FeatureMatrix(columns: [x1, x2, x3]), target: y,
                                                 parameters: parameters)
        // Same gradients as the trainer sees: f − y at the mean, rounded to Float.
        let gradients = y.map { Double(Float(model.baseScore - Double($0))) }
        let exact = ExactTree(columns: [x1, x2, x3], gradients: gradients, lambda: lambda, minSamplesLeaf: 8, maxLeaves: 9)
            .leafValues()
        #expect(model.trees[0].leaves == 9)
        let raw = try model.predictRaw(try FeatureMatrix(columns: [x1, x2, x3]))
        for row in 0..<rows {
            #expect(abs(raw[row] - model.baseScore - exact[row]) < 1e-5, "row \(row)")
        }
    }
}
