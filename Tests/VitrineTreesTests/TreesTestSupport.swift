import Foundation
import VitrineTestSupport
import VitrineEngine
@testable import VitrineTrees

/// A regression table y = sin(x1) + x2² + noise, x1 ∈ U(−3, 3), x2 ∈ U(−1.5, 1.5), plus
/// `extraFeatures` pure-noise columns; `missingFraction` of x1 values replaced by NaN.
func sineTable(rows: Int, seed: UInt64, noise: Double = 0.1, extraFeatures: Int = 0,
               missingFraction: Double = 0) throws -> (FeatureMatrix, [Float]) {
    let generator = Generator(seed: seed)
    var columns = [[Float]](repeating: [], count: 2 + extraFeatures)
    var target = [Float]()
    for _ in 0..<rows {
        let x1 = generator.uniform() * 6 - 3, x2 = generator.uniform() * 3 - 1.5
        target.append(Float(sin(x1) + x2 * x2 + noise * generator.normal()))
        columns[0].append(generator.uniform() < missingFraction ? .nan : Float(x1))
        columns[1].append(Float(x2))
        for extra in 0..<extraFeatures { columns[2 + extra].append(Float(generator.normal())) }
    }
    return (try FeatureMatrix(columns: columns), target)
}

/// A count table: y ~ Poisson(exp(0.5 sin(x1) + 0.4 x2)) with x ∈ U(−2, 2).
func poissonTable(rows: Int, seed: UInt64) throws -> (FeatureMatrix, [Float]) {
    let generator = Generator(seed: seed)
    var x1 = [Float](), x2 = [Float](), target = [Float]()
    for _ in 0..<rows {
        let a = generator.uniform() * 4 - 2, b = generator.uniform() * 4 - 2
        x1.append(Float(a)); x2.append(Float(b))
        target.append(Float(TreesBenchmark.poisson(mean: exp(0.5 * sin(a) + 0.4 * b), generator)))
    }
    return (try FeatureMatrix(columns: [x1, x2]), target)
}

func rootMeanSquaredError(_ predictions: [Float], _ target: [Float]) -> Double {
    var sum = 0.0
    for (p, y) in zip(predictions, target) { sum += Double(p - y) * Double(p - y) }
    return (sum / Double(target.count)).squareRoot()
}


/// Whether python3 with scikit-learn can run here; the cross-check is skipped when not.
let sklearnAvailable: Bool = (try? runPython(
    "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ('sklearn', 'numpy')) else 1)")) != nil

/// A path in the system's temporary directory no other test uses.
func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-trees-\(UUID().uuidString)-\(name)").path
}
