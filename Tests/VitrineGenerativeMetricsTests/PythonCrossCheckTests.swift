import Foundation
import Testing
import VitrineEngine
import VitrineTestSupport
@testable import VitrineGenerativeMetrics

/// The three metrics against an independent numpy/scipy computation on the same float32
/// features (passed as raw files, so both sides start from identical values):
/// - FID with pytorch-fid's `calculate_frechet_distance` verbatim (scipy.linalg.sqrtm of the
///   non-symmetric Σ_r Σ_g) — our symmetric-eigenvalue route must agree to 1e-6 relative. The
///   statistics are `np.mean` / `np.cov(rowvar=False)` as pytorch-fid computes them, after a cast
///   to float64 (pytorch-fid's `np.mean` of float32 activations would sum in float32);
/// - KID with torch-fidelity's polynomial kernel and unbiased MMD² on exactly our subsets (the
///   indices are passed to Python);
/// - precision and recall with brute-force pairwise differences (not the ‖a‖² + ‖b‖² − 2aᵀb
///   expansion) and `np.partition` for the k-th neighbour.
@Suite("numpy/scipy cross-check", .enabled(if: scipyAvailable, "python3 with numpy and scipy is not installed (pip install numpy scipy)"))
struct PythonCrossCheckTests {
    static let script = #"""
    import sys, json, warnings, numpy as np
    from scipy import linalg
    warnings.simplefilter("ignore")  # scipy ≥ 1.16 deprecates sqrtm's disp=, which pytorch-fid passes

    def calculate_frechet_distance(mu1, sigma1, mu2, sigma2, eps=1e-6):  # pytorch-fid 0.3.0
        mu1 = np.atleast_1d(mu1); mu2 = np.atleast_1d(mu2)
        sigma1 = np.atleast_2d(sigma1); sigma2 = np.atleast_2d(sigma2)
        diff = mu1 - mu2
        covmean, _ = linalg.sqrtm(sigma1.dot(sigma2), disp=False)
        if not np.isfinite(covmean).all():
            offset = np.eye(sigma1.shape[0]) * eps
            covmean = linalg.sqrtm((sigma1 + offset).dot(sigma2 + offset))
        if np.iscomplexobj(covmean):
            if not np.allclose(np.diagonal(covmean).imag, 0, atol=1e-3):
                raise ValueError("Imaginary component {}".format(np.max(np.abs(covmean.imag))))
            covmean = covmean.real
        return float(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(covmean))

    def load(path, n, d):
        return np.fromfile(path, dtype="<f4").reshape(int(n), int(d)).astype(np.float64)

    def mmd2(x, y):  # torch-fidelity's kernel_poly (gamma = 1/D, coef0 = 1, degree 3) and 'unbiased' mmd2
        d = x.shape[1]
        kxx = (x @ x.T / d + 1) ** 3; kyy = (y @ y.T / d + 1) ** 3; kxy = (x @ y.T / d + 1) ** 3
        m, n = len(x), len(y)
        return float((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
                     - 2 * kxy.sum() / (m * n))

    def squared(a, b):
        return ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)

    def radii(x, k):
        d = squared(x, x); np.fill_diagonal(d, np.inf)
        return np.partition(d, k - 1, axis=1)[:, k - 1]

    task, rest = sys.argv[1], sys.argv[2:]
    if task == "fid":
        r, g = load(rest[0], rest[2], rest[4]), load(rest[1], rest[3], rest[4])
        print(json.dumps(calculate_frechet_distance(np.mean(r, axis=0), np.cov(r, rowvar=False),
                                                    np.mean(g, axis=0), np.cov(g, rowvar=False))))
    elif task == "kid":
        r, g = load(rest[0], rest[2], rest[4]), load(rest[1], rest[3], rest[4])
        m = int(rest[6]); idx = np.fromfile(rest[5], dtype="<i4").reshape(-1, 2, m)
        values = [mmd2(r[s[0]], g[s[1]]) for s in idx]
        print(json.dumps({"values": values, "mean": float(np.mean(values)), "std": float(np.std(values))}))
    elif task == "pr":
        r, g = load(rest[0], rest[2], rest[4]), load(rest[1], rest[3], rest[4]); k = int(rest[5])
        # Counts, not np.mean: the shares are then divided the same way on both sides.
        inside_real = int((squared(g, r) <= radii(r, k)[None, :]).any(axis=1).sum())
        inside_generated = int((squared(r, g) <= radii(g, k)[None, :]).any(axis=1).sum())
        print(json.dumps({"precision": inside_real, "recall": inside_generated}))
    """#

    /// Runs the script on `real` and `generated` (written as float32 files) with `extra` arguments.
    func python(_ task: String, _ real: FeatureSet, _ generated: FeatureSet, _ extra: [String] = [],
                in directory: TemporaryDirectory) throws -> Any {
        let realPath = directory.file("real.f32"), generatedPath = directory.file("generated.f32")
        try writeFloat32(real, to: realPath)
        try writeFloat32(generated, to: generatedPath)
        let out = try runPython(Self.script, [task, realPath, generatedPath, "\(real.count)", "\(generated.count)",
                                              "\(real.dimension)"] + extra, environment: ["OMP_NUM_THREADS": "1"])
        return try JSONSerialization.jsonObject(with: Data(out.utf8), options: [.fragmentsAllowed])
    }

    @Test func frechetDistanceMatchesPytorchFidWithScipySqrtm() throws {
        let directory = try TemporaryDirectory(prefix: "vitrine-fid")
        let real = try gaussianFeatures(count: 700, dimension: 40, seed: 31)
        // A near pair (FID ≪ the traces, where cancellation is worst) and a far one.
        for generated in [try gaussianFeatures(count: 500, dimension: 40, seed: 32),
                          try gaussianFeatures(count: 500, dimension: 40, seed: 33, shift: 0.3, scale: 1.5)] {
            let ours = try FrechetInceptionDistance.compute(real: real, generated: generated).value
            let theirs = try #require(try python("fid", real, generated, in: directory) as? Double)
            #expect(relativeError(ours, theirs) < 1e-6, "ours \(ours), pytorch-fid \(theirs)")
        }
    }

    @Test func kernelDistanceMatchesNumpyOnTheSameSubsets() throws {
        let directory = try TemporaryDirectory(prefix: "vitrine-kid")
        let real = try gaussianFeatures(count: 300, dimension: 40, seed: 34)
        let generated = try gaussianFeatures(count: 250, dimension: 40, seed: 35, shift: 0.1, scale: 1.1)
        let (subsets, size) = (5, 100)
        let indices = try KernelInceptionDistance.subsetIndices(realCount: real.count, generatedCount: generated.count,
                                                                subsets: subsets, subsetSize: size, generator: Generator(seed: 4))
        let ours = try KernelInceptionDistance.compute(real: real, generated: generated, subsets: subsets, subsetSize: size,
                                                       generator: Generator(seed: 4))
        let flat = indices.flatMap { $0.real + $0.generated }.map { Int32($0) }
        let indexPath = directory.file("indices.i32")
        try flat.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: URL(fileURLWithPath: indexPath))
        let theirs = try #require(try python("kid", real, generated, [indexPath, "\(size)"], in: directory) as? [String: Any])
        let values = try #require(theirs["values"] as? [Double])
        try #require(values.count == subsets)
        for (a, b) in zip(ours.subsetValues, values) {
            #expect(relativeError(a, b) < 1e-9, "subset: ours \(a), numpy \(b)")
        }
        #expect(relativeError(ours.mean, try #require(theirs["mean"] as? Double)) < 1e-9)
        #expect(relativeError(ours.standardDeviation, try #require(theirs["std"] as? Double)) < 1e-6)
    }

    @Test func precisionAndRecallMatchBruteForceNumpy() throws {
        let directory = try TemporaryDirectory(prefix: "vitrine-pr")
        let real = try gaussianFeatures(count: 300, dimension: 8, seed: 36)
        let generated = try gaussianFeatures(count: 250, dimension: 8, seed: 37, shift: 0.4, scale: 0.7)
        for k in [1, 3, 5] {
            let ours = try PrecisionRecall.compute(real: real, generated: generated, k: k)
            let counts = try #require(try python("pr", real, generated, ["\(k)"], in: directory) as? [String: Int])
            // The same samples must be inside: equal counts, so equal shares.
            let precision = Double(try #require(counts["precision"])) / Double(generated.count)
            let recall = Double(try #require(counts["recall"])) / Double(real.count)
            #expect(ours.precision == precision && ours.recall == recall, "k = \(k): ours \(ours), numpy counts \(counts)")
            #expect(ours.precision > 0 && ours.precision < 1 && ours.recall > 0 && ours.recall < 1, "k = \(k): \(ours)")
        }
    }
}
