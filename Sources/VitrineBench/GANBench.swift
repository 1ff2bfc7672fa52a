import Foundation
import VitrineEngine
import VitrineGenerative
import VitrineNN

/// One DCGAN training step (D on a real and a generated batch, then G through a frozen D) at
/// the pytorch/examples `dcgan/main.py` shapes: 64 px, nz 100, ngf = ndf = 64, nc 3, batch 64,
/// Adam 2e-4 β1 0.5 — the step `task: gan` takes, through the same ``GANStep``.
/// In the same run, `scripts/dcgan_peer_bench.py` times PyTorch's step on the same machine
/// (with the Python of `VITRINE_PEER_PYTHON`, default `python3`, when it has torch), between two
/// timings of Vitrine's, so the ratio compares the two under the same load.
enum GANBench {
    static func run(quick: Bool) throws {
        var report = machineReport(quick: quick)
        let batch = quick ? 8 : 64, size = quick ? 32 : 64, width = quick ? 16 : 64
        let shape = GANPair.Shape(imageSize: size, channels: 3, latent: 100, generatorWidth: width, discriminatorWidth: width, attributes: [])
        let pair = try GANPair(shape, generator: Generator(seed: 1))
        let optimizers: [String: any Optimizer] = [
            "generator": try Adam(parameters: pair.generator.namedParameters(), learningRate: 2e-4, beta1: 0.5),
            "discriminator": try Adam(parameters: pair.discriminator.namedParameters(), learningRate: 2e-4, beta1: 0.5),
        ]
        let step = GANStep(pair)
        let real = randomTensor([batch, 3, size, size], seed: 2)
        let noise = randomTensor([batch, 100], seed: 3)
        let labels = Array(repeating: [Int](), count: batch)
        func time() throws -> Double {
            try bestTime(warmUp: 1, repetitions: quick ? 2 : 5) {
                _ = try step.run(real: real, realLabels: labels, noise: noise, fakeLabels: labels,
                                 zeroGrad: { optimizers[$0]!.zeroGrad() }, step: { optimizers[$0]!.step() })
            }
        }
        var seconds = try time()
        let peer = quick ? nil : pytorchStep()
        if peer != nil { seconds = min(seconds, try time()) }
        print("DCGAN \(size) px, batch \(batch), ngf = ndf = \(width): \(format(seconds * 1000, 0)) ms per D+G step "
              + "(\(format(Double(batch) / seconds, 1)) images/s); best of \(quick ? 2 : 5)")
        report["dcgan"] = ["image_size": size, "batch": batch, "width": width, "seconds_per_step": seconds,
                           "generator_parameters": pair.generator.parameterCount,
                           "discriminator_parameters": pair.discriminator.parameterCount]
        if let peer {
            print("PyTorch \(peer.version), \(peer.threads) threads: \(format(peer.seconds * 1000, 0)) ms per D+G step; "
                  + "Vitrine takes \(format(seconds / peer.seconds, 2))× PyTorch's time (measured in this run, \(cpuName()))")
            report["pytorch"] = ["torch": peer.version, "threads": peer.threads, "seconds_per_step": peer.seconds]
            report["vitrine_over_pytorch_time"] = seconds / peer.seconds
        } else if !quick {
            print("PyTorch not timed: no torch in \(peerPython) (set VITRINE_PEER_PYTHON to a Python with torch)")
        }
        try writeReport(report, name: "gan")
    }

    static var peerPython: String { ProcessInfo.processInfo.environment["VITRINE_PEER_PYTHON"] ?? "python3" }

    /// PyTorch's step time from `scripts/dcgan_peer_bench.py`, nil when torch is missing.
    static func pytorchStep() -> (version: String, threads: Int, seconds: Double)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [peerPython, "scripts/dcgan_peer_bench.py"]
        process.environment = ProcessInfo.processInfo.environment.merging(["THREADS": "\(BLAS.threads)"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try? FileManager.default.removeItem(atPath: "reports/bench/gan-pytorch.json")
        guard (try? process.run()) != nil else { return nil }
        _ = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let data = FileManager.default.contents(atPath: "reports/bench/gan-pytorch.json"),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let seconds = json["seconds_per_step"] as? Double else { return nil }
        return ((json["torch"] as? String) ?? "?", (json["threads"] as? Int) ?? 0, seconds)
    }
}
