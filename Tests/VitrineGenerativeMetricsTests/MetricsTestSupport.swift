import Foundation
import VitrineEngine
import VitrineTestSupport
@testable import VitrineGenerativeMetrics

/// `count` samples of a correlated Gaussian in `dimension` dimensions: x = A z + shift, with a
/// fixed random mixing A (seed 1) so that covariances are full, not diagonal, and z ~ N(0, I)
/// from `seed`.
func gaussianFeatures(count: Int, dimension: Int, seed: UInt64, shift: Float = 0, scale: Float = 1) throws -> FeatureSet {
    let mixing = Generator(seed: 1)
    let a = (0..<(dimension * dimension)).map { _ in Float(mixing.normal()) / Float(dimension).squareRoot() }
    let g = Generator(seed: seed)
    var values = [Float](repeating: 0, count: count * dimension)
    for r in 0..<count {
        let z = (0..<dimension).map { _ in Float(g.normal()) }
        for i in 0..<dimension {
            var s: Float = 0
            for j in 0..<dimension { s += a[i * dimension + j] * z[j] }
            values[r * dimension + i] = scale * s + shift
        }
    }
    return try FeatureSet(count: count, dimension: dimension, values: values)
}

/// 2-D (or any-D) features from literal rows.
func features(_ rows: [[Float]]) throws -> FeatureSet { try FeatureSet(rows: rows) }

/// Whether python3 has numpy and scipy (the cross-checks skip themselves otherwise).
let scipyAvailable = pythonCanImport(["numpy", "scipy.linalg"])

/// Writes `set` as raw little-endian float32 (numpy reads it with `np.fromfile(path, '<f4')`),
/// exactly the values the Swift side used.
func writeFloat32(_ set: FeatureSet, to path: String) throws {
    let data = set.values.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: URL(fileURLWithPath: path))
}

/// Relative difference, safe at zero.
func relativeError(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
