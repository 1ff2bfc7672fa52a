// vitrine-trees-bench: gradient-boosted tree training speed on a synthetic 1,000,000 × 60 table
// with a Poisson target. Prints rows/s and time per tree; writes reports/bench/trees.json.
//
//   swift build -c release --product vitrine-trees-bench && .build/release/vitrine-trees-bench [--quick]
import Foundation
import VitrineTrees

let arguments = Array(CommandLine.arguments.dropFirst())
if let unknown = arguments.first(where: { $0 != "--quick" }) {
    FileHandle.standardError.write("vitrine-trees-bench: unknown argument \(unknown) (use --quick)\n".data(using: .utf8)!)
    exit(2)
}
do {
    try TreesBenchmark.run(quick: arguments.contains("--quick"))
} catch {
    FileHandle.standardError.write("vitrine-trees-bench: \(error)\n".data(using: .utf8)!)
    exit(1)
}
