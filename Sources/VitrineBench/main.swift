// vitrine-bench: how fast Vitrine runs on this machine. Each suite prints its figures and writes
// reports/bench/<suite>.json. Benchmarks, not tests: nothing here passes or fails on timing.
//
//   swift build -c release --product vitrine-bench && .build/release/vitrine-bench [SUITE...] [--quick] [--profile]
//
// SUITE     engine (default): sgemm and Conv2d at ResNet shapes → engine.json
//           data: catalog generation, loader (decode + augmentation) and ResNet-18 training rates → data.json
//           search: search latency at 15,000 and 100,000 entries, embedding throughput → search.json
//           trees: gradient-boosted tree training on a 1,000,000 × 60 Poisson table → trees.json
//           freeze: convolution backward with frozen weights and/or no input gradient → freeze.json
//           gan: one DCGAN D+G training step at dcgan/main.py's 64 px shapes, batch 64 → gan.json
//           metrics: FID, KID and precision/recall on 10,000 + 10,000 feature vectors of 512 → metrics.json
//           inference: ResNet-18 evaluation forward at 64 px, batch 64, as trained and batch norm folded → inference.json
//           promotions: mix heuristic certification, one what-if forecast, a 60-campaign optimization → promotions.json
//           all
// --quick   small sizes and few repetitions: a smoke test, not a measurement.
// --profile engine: also time each convolution's pieces (im2col, col2im, the products) on their own.
import Foundation
import VitrineEngine
import VitrineSearch
import VitrineTrees

let suites: [String: (Bool, Bool) throws -> Void] = [
    "engine": { try EngineBench.run(quick: $0, profile: $1) },
    "data": { quick, _ in try DataBench.run(quick: quick) },
    "search": { quick, _ in try SearchBenchmark.run(quick ? .quick : SearchBenchmark.Options()) },
    "trees": { quick, _ in try TreesBenchmark.run(quick: quick) },
    "freeze": { quick, _ in try FreezeBench.run(quick: quick) },
    "gan": { quick, _ in try GANBench.run(quick: quick) },
    "metrics": { quick, _ in try MetricsBench.run(quick: quick) },
    "inference": { quick, _ in try InferenceBench.run(quick: quick) },
    "promotions": { quick, _ in try PromotionsBench.run(quick: quick) },
]
let flags: Set<String> = ["--quick", "--profile"]
let arguments = CommandLine.arguments.dropFirst()
for unknown in arguments where !flags.contains(unknown) && suites[unknown] == nil && unknown != "all" {
    FileHandle.standardError.write(
        "vitrine-bench: unknown argument \(unknown) (suites: \(suites.keys.sorted().joined(separator: ", ")), all; flags: --quick, --profile)\n"
            .data(using: .utf8)!)
    exit(2)
}
let quick = arguments.contains("--quick"), profile = arguments.contains("--profile")
var chosen = arguments.filter { suites[$0] != nil }
if arguments.contains("all") { chosen = suites.keys.sorted() }
if chosen.isEmpty { chosen = ["engine"] }
do {
    try BLAS.load()
    for name in chosen {
        print("== \(name)")
        try suites[name]!(quick, profile)
    }
} catch {
    FileHandle.standardError.write("vitrine-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
