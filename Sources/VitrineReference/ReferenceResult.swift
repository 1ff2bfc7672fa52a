import Foundation

/// The outcome of one case that ran: the error of every compared tensor and whether all of
/// them are within the tolerance.
public struct ReferenceResult: Sendable {
    public let caseName: String
    public let layer: String
    /// output, grad_input, grads/<name>…, expected_running/<name>…, in that order.
    public let comparisons: [TensorComparison]
    public let tolerance: Double

    public init(caseName: String, layer: String, comparisons: [TensorComparison], tolerance: Double) {
        self.caseName = caseName
        self.layer = layer
        self.comparisons = comparisons
        self.tolerance = tolerance
    }

    /// Every tensor within the tolerance.
    public var passed: Bool { comparisons.allSatisfy { $0.error <= tolerance } }

    /// The tensors beyond the tolerance.
    public var failing: [TensorComparison] { comparisons.filter { !($0.error <= tolerance) } }

    /// The comparison with the largest error.
    public var worst: TensorComparison? { comparisons.max { $0.error < $1.error } }

    /// The error of the tensor called `name`.
    public func error(of name: String) -> Double? { comparisons.first { $0.name == name }?.error }

    /// One line: name, layer, each tensor's error, PASS or FAIL (and which tensors failed).
    public var line: String {
        let errors = comparisons.map { comparison in
            "\(comparison.name) \(formatError(comparison.error))" + (comparison.note.map { " (\($0))" } ?? "")
        }.joined(separator: "  ")
        let verdict = passed ? "PASS" : "FAIL: " + failing.map(\.name).joined(separator: ", ")
        return "\(caseName)  [\(layer)]  \(errors)  \(verdict)"
    }
}

/// An error in scientific notation with two significant digits (`3.1e-07`), `inf` when infinite.
func formatError(_ error: Double) -> String {
    error.isFinite ? String(format: "%.1e", error) : "inf"
}
