import Foundation
import VitrineEngine
import VitrineNN

/// What freezing saves: Conv2d and ConvTranspose2d backward at DCGAN discriminator and
/// generator shapes (batch 64, 64 px), trainable, frozen (no weight gradient), without the
/// input gradient, and both. Best of several runs, interleaved round by round so a busy
/// spell on a shared machine hits every variant alike. A measurement, not a test.
enum FreezeBench {
    static func run(quick: Bool) throws {
        var report = machineReport(quick: quick)
        let batch = quick ? 4 : 64
        let shapes: [(String, any Layer, [Int])] = [
            ("Conv2d 128->256 4x4 s2 p1 @16 (D main.5)",
             try Conv2d(128, 256, kernelSize: 4, stride: 2, padding: 1, bias: false, generator: Generator(seed: 1)),
             [batch, 128, 16, 16]),
            ("Conv2d 64->128 4x4 s2 p1 @32 (D main.2)",
             try Conv2d(64, 128, kernelSize: 4, stride: 2, padding: 1, bias: false, generator: Generator(seed: 2)),
             [batch, 64, 32, 32]),
            ("ConvTranspose2d 256->128 4x4 s2 p1 @8 (G main.6)",
             try ConvTranspose2d(256, 128, kernelSize: 4, stride: 2, padding: 1, bias: false, generator: Generator(seed: 3)),
             [batch, 256, 8, 8]),
        ]
        let variants: [(String, Bool, Bool)] = [
            ("trainable", true, true), ("frozen", false, true), ("no input gradient", true, false),
            ("frozen, no input gradient", false, false),
        ]
        var rows: [[String: Any]] = []
        for (name, layer, shape) in shapes {
            let x = randomTensor(shape, seed: 4)
            let y = try layer.forward(x)
            let dy = randomTensor(y.shape, seed: 5)
            var best = [Double](repeating: .infinity, count: variants.count)
            for _ in 0..<(quick ? 2 : 7) {
                for (i, v) in variants.enumerated() {
                    layer.requiresGrad(v.1)
                    (layer as! InputGradientSwitch).computesInputGradient = v.2
                    best[i] = min(best[i], bestTime(warmUp: 0, repetitions: 1) { _ = try? layer.backward(dy) })
                }
            }
            print("\n\(name), batch \(batch): backward")
            var row: [String: Any] = ["shape": name, "batch": batch]
            for (i, v) in variants.enumerated() {
                print("  \(v.0): \(format(best[i] * 1e3, 2)) ms (\(format(100 * best[i] / best[0], 0))% of trainable)")
                row[v.0 + " ms"] = best[i] * 1e3
            }
            rows.append(row)
        }
        report["backward"] = rows
        try writeReport(report, name: "freeze")
    }
}
