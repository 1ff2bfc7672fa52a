import Foundation
import VitrineEngine
import VitrineNN

/// sgemm and Conv2d forward+backward at ResNet shapes; convolution rates as a fraction of the
/// sgemm rate measured in the same run, because the machine is shared and its absolute speed
/// drifts. Every timing is the best of several runs after a warm-up. Writes engine.json.
enum EngineBench {
    static func run(quick: Bool, profile: Bool) throws {
        var report = machineReport(quick: quick)
        let products = (quick ? [256, 512] : [1024, 2048]).map(SquareProduct.init)
        for product in products {
            product.run(2)
            product.best = .infinity
            product.run(quick ? 3 : (product.n >= 2048 ? 6 : 12))
        }
        // The reference product runs again between convolution steps, so that every measurement
        // had the same chance to land in a quiet moment of the shared machine.
        let reference = products.last!


        let fullBatch = 32
        var shapes = [
            ConvShape(name: "64->64 3x3 pad 1 @56", inChannels: 64, outChannels: 64, kernel: 3, stride: 1, padding: 1,
                      size: 56, batch: fullBatch),
            ConvShape(name: "64->64 3x3 pad 1 @32", inChannels: 64, outChannels: 64, kernel: 3, stride: 1, padding: 1,
                      size: 32, batch: fullBatch),
            ConvShape(name: "128->128 3x3 pad 1 @28", inChannels: 128, outChannels: 128, kernel: 3, stride: 1, padding: 1,
                      size: 28, batch: fullBatch),
            ConvShape(name: "256->256 3x3 pad 1 @14", inChannels: 256, outChannels: 256, kernel: 3, stride: 1, padding: 1,
                      size: 14, batch: fullBatch),
            // The stem at batch 32 is ≈ 23 GFLOP and 400 MB of activations per step; batch 8 does
            // the same work per image in a quarter of the time.
            ConvShape(name: "stem 3->64 7x7 stride 2 pad 3 @224", inChannels: 3, outChannels: 64, kernel: 7, stride: 2,
                      padding: 3, size: 224, batch: 8, note: "batch 8 instead of 32 to keep the run short; "
                        + "the work per image is the same"),
        ]
        if quick {
            for i in shapes.indices {
                shapes[i].batch = 2
                shapes[i].note = "quick run: batch 2"
            }
        }

        print("\nConv2d forward+backward (input, weight and bias gradients):")
        var results: [ConvResult] = []
        var cases: [ConvCase] = []
        for s in shapes {
            let conv = try Conv2d(s.inChannels, s.outChannels, kernelSize: Size2(s.kernel), stride: Size2(s.stride),
                                  padding: Size2(s.padding), generator: Generator(seed: 3))
            let x = randomTensor([s.batch, s.inChannels, s.size, s.size], seed: 4)
            let y = try conv.forward(x)
            let dy = randomTensor(y.shape, seed: 5)
            _ = try conv.backward(dy)
            let flopsPerPass = 2.0 * Double(s.batch * s.outChannels * y.shape[2] * y.shape[3])
                * Double(s.inChannels * s.kernel * s.kernel)
            results.append(ConvResult(shape: s, flops: 3 * flopsPerPass))
            cases.append(ConvCase(conv: conv, x: x, dy: dy))
        }
        // Rounds over all shapes rather than shape after shape: a busy spell on the shared machine
        // then slows one round of every shape instead of every round of one shape.
        let rounds = quick ? 2 : 10
        for round in 0..<rounds {
            for (i, c) in cases.enumerated() {
                var start = now()
                _ = try c.conv.forward(c.x)
                _ = try c.conv.backward(c.dy)
                results[i].step = min(results[i].step, now() - start)
                start = now()
                _ = try c.conv.forward(c.x)
                results[i].forward = min(results[i].forward, now() - start)
                start = now()
                _ = try c.conv.backward(c.dy)
                results[i].backward = min(results[i].backward, now() - start)
            }
            reference.run(1)
            print("  round \(round + 1)/\(rounds): " + results.map { format($0.flops / $0.step * 1e-9) }.joined(separator: ", ")
                  + " GFLOP/s so far")
        }
        if profile {
            for (i, c) in cases.enumerated() {
                print("  \(results[i].shape.name):")
                results[i].profile = try profilePieces(results[i].shape, conv: c.conv, x: c.x, dy: c.dy, quick: quick)
            }
        }

        for product in products {
            print("sgemm n=\(product.n): \(format(product.rate)) GFLOP/s (best \(format(product.best * 1e3, 2)) ms)")
        }
        report["sgemm_gflops"] = Dictionary(uniqueKeysWithValues: products.map { (String($0.n), $0.rate) })
        report["reference_sgemm_n"] = reference.n
        let referenceRate = reference.rate

        var convReports: [[String: Any]] = []
        var threeByThreeFractions: [Double] = []
        print("Conv2d forward+backward as a fraction of the n=\(reference.n) sgemm rate:")
        for r in results {
            let s = r.shape
            let rate = r.flops / r.step * 1e-9
            let fraction = rate / referenceRate
            if s.kernel == 3 { threeByThreeFractions.append(fraction) }
            print("  \(s.name.padding(toLength: 36, withPad: " ", startingAt: 0)) batch \(s.batch): "
                  + "\(format(rate)) GFLOP/s = \(format(100 * fraction))% "
                  + "(step \(format(r.step * 1e3)) ms; forward \(format(r.flops / 3 / r.forward * 1e-9)), "
                  + "backward \(format(r.flops * 2 / 3 / r.backward * 1e-9)) GFLOP/s)")
            var entry: [String: Any] = [
                "name": s.name, "in_channels": s.inChannels, "out_channels": s.outChannels, "kernel": s.kernel,
                "stride": s.stride, "padding": s.padding, "input_size": s.size, "batch": s.batch,
                "gflop_per_step": r.flops * 1e-9, "step_ms": r.step * 1e3, "gflops": rate, "fraction_of_sgemm": fraction,
                "forward_ms": r.forward * 1e3, "backward_ms": r.backward * 1e3,
            ]
            if let note = s.note { entry["note"] = note }
            if !r.profile.isEmpty {
                entry["profile_ms"] = Dictionary(uniqueKeysWithValues: r.profile.map { ($0.0, $0.1 * 1e3) })
            }
            convReports.append(entry)
        }
        report["conv2d_forward_backward"] = convReports
        report["flops_convention"] = "conv forward+backward = 3 x 2*N*Cout*Hout*Wout*Cin/groups*kh*kw"
        let meanFraction = threeByThreeFractions.reduce(0, +) / Double(max(threeByThreeFractions.count, 1))
        report["mean_fraction_3x3"] = meanFraction
        report["min_fraction_3x3"] = threeByThreeFractions.min() ?? 0
        report["target_fraction_3x3"] = 0.6
        print("3×3 shapes: mean \(format(100 * meanFraction))%, lowest \(format(100 * (threeByThreeFractions.min() ?? 0)))% "
              + "of the sgemm rate (target 60%)")
        try writeReport(report, name: "engine")
    }
}

/// n×n×n products at `n`, each call timed on its own.
final class SquareProduct {
    let n: Int
    let a: Tensor, b: Tensor, c: Tensor
    var best = Double.infinity
    init(_ n: Int) {
        self.n = n
        a = randomTensor([n, n], seed: 1); b = randomTensor([n, n], seed: 2); c = Tensor(zeros: [n, n])
    }
    func run(_ times: Int) {
        for _ in 0..<times {
            let start = now()
            BLAS.sgemm(m: n, n: n, k: n, a: a.data, b: b.data, c: c.data)
            best = min(best, now() - start)
        }
    }
    var rate: Double { 2 * Double(n * n * n) / best * 1e-9 }
}

struct ConvShape {
    var name: String
    var inChannels: Int
    var outChannels: Int
    var kernel: Int
    var stride: Int
    var padding: Int
    var size: Int
    var batch: Int
    var note: String?
}


struct ConvResult {
    var shape: ConvShape
    var flops: Double
    var step = Double.infinity, forward = Double.infinity, backward = Double.infinity
    var profile: [(String, Double)] = []
}

/// The pieces of one step timed on their own, one image per product: where the time goes.
/// Stride-1 input gradients are a convolution of the output gradient with the flipped kernel
/// (im2col of `dy`, then a product); strided ones are a product, then col2im.
func profilePieces(_ s: ConvShape, conv: Conv2d, x: Tensor, dy: Tensor, quick: Bool) throws -> [(String, Double)] {
    let g = ConvGeometry(channels: s.inChannels, height: s.size, width: s.size, kernel: Size2(s.kernel),
                         stride: Size2(s.stride), padding: Size2(s.padding))
    let positions = g.columnsPerImage, rows = g.columnRows, planes = s.size * s.size
    let imageSize = s.inChannels * planes, outSize = s.outChannels * positions
    let cols = Tensor(zeros: [max(rows * positions, s.outChannels * s.kernel * s.kernel * planes)])
    let y = Tensor(zeros: dy.shape), dx = Tensor(zeros: x.shape)
    let w = conv.weight.value, dw = conv.weight.grad
    let repetitions = quick ? 2 : 5
    func time(_ body: () -> Void) -> Double { bestTime(repetitions: repetitions, body) }
    var pieces: [(String, Double)] = [
        ("im2col(x)", time { for b in 0..<s.batch { Im2col.im2col(x.data + b * imageSize, g, into: cols.data) } }),
        ("sgemm forward", time {
            for b in 0..<s.batch {
                BLAS.sgemm(m: s.outChannels, n: positions, k: rows, a: w.data, b: cols.data, c: y.data + b * outSize)
            }
        }),
        ("sgemm weight grad", time {
            for b in 0..<s.batch {
                BLAS.sgemm(transB: true, m: s.outChannels, n: rows, k: positions, a: dy.data + b * outSize,
                           b: cols.data, beta: 1, c: dw.data)
            }
        }),
    ]
    if s.stride == 1 {
        let adjoint = ConvGeometry(channels: s.outChannels, height: dy.shape[2], width: dy.shape[3],
                                   kernel: Size2(s.kernel), padding: Size2(s.kernel - 1 - s.padding),
                                   outHeight: s.size, outWidth: s.size)
        pieces.append(("im2col(dy)", time {
            for b in 0..<s.batch { Im2col.im2col(dy.data + b * outSize, adjoint, into: cols.data) }
        }))
        pieces.append(("sgemm input grad", time {
            for b in 0..<s.batch {
                BLAS.sgemm(m: s.inChannels, n: planes, k: adjoint.columnRows, a: w.data, b: cols.data,
                           c: dx.data + b * imageSize)
            }
        }))
    } else {
        pieces.append(("sgemm input grad", time {
            for b in 0..<s.batch {
                BLAS.sgemm(transA: true, m: rows, n: positions, k: s.outChannels, a: w.data,
                           b: dy.data + b * outSize, c: cols.data)
            }
        }))
        pieces.append(("col2im", time {
            for b in 0..<s.batch { Im2col.col2im(cols.data, g, into: dx.data + b * imageSize) }
        }))
    }
    print("      " + pieces.map { "\($0.0) \(format($0.1 * 1e3)) ms" }.joined(separator: ", "))
    return pieces
}

/// One shape's layer and tensors, built once and kept for all rounds.
struct ConvCase {
    let conv: Conv2d
    let x: Tensor
    let dy: Tensor
}
