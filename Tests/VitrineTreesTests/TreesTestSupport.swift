import Foundation
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

/// Runs `python3 -c script args…` and returns its standard output, or throws with its
/// standard error when it fails.
func runPython(_ script: String, _ arguments: [String] = [], environment: [String: String] = [:]) throws -> String {
    let process = Process()
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw PythonFailure(message: String(decoding: errData, as: UTF8.self)) }
    return String(decoding: outData, as: UTF8.self)
}

struct PythonFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { "python3 failed: \(message)" }
}

/// Whether python3 with scikit-learn can run here; the cross-check is skipped when not.
let sklearnAvailable: Bool = (try? runPython(
    "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in ('sklearn', 'numpy')) else 1)")) != nil

/// A path in the system's temporary directory no other test uses.
func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-trees-\(UUID().uuidString)-\(name)").path
}
