import VitrineEngine
import VitrineNN

/// One optimizer a task declares: its name (its checkpoint group `/optimizers/<name>` and, for
/// a task with several, its config group `optimizers.<name>.*`) and the named modules whose
/// parameters it updates.
public struct OptimizerSpec: Sendable {
    public let name: String
    public let modules: [String]
    public init(_ name: String, modules: [String]) {
        self.name = name
        self.modules = modules
    }
}

/// A non-finite loss or gradient, naming the step, the network and the first parameter.
public struct Divergence: Error, CustomStringConvertible {
    public let description: String
}

/// The optimizers of a run, by name: what a task that runs its own updates (PyTorch
/// Lightning's manual optimization, pytorch/examples `dcgan/main.py`) zeroes and steps inside
/// its training step, one network at a time. Each optimizer keeps its own step count, which
/// is also where its learning-rate schedule stands.
public final class TrainingOptimizers {
    public struct Entry {
        public let name: String
        public let optimizer: any Optimizer
        public let schedule: any LearningRateSchedule
    }

    public let entries: [Entry]
    /// Clip each optimizer's gradients to this global L2 norm before its step (0: no clipping).
    let clipNorm: Float
    /// The run's step being taken, 1-based, for messages.
    var currentStep = 0

    init(entries: [Entry], clipNorm: Float) {
        self.entries = entries
        self.clipNorm = clipNorm
    }

    public var names: [String] { entries.map(\.name) }

    public subscript(name: String) -> any Optimizer { entry(name).optimizer }

    func entry(_ name: String) -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            preconditionFailure("no optimizer '\(name)'; the task declares \(names.joined(separator: ", "))")
        }
        return entry
    }

    /// Clears the gradients of the parameters `name` updates.
    public func zeroGrad(_ name: String) { entry(name).optimizer.zeroGrad() }

    /// Updates the parameters of `name` from their gradients: sets the learning rate its
    /// schedule gives at its own step count, checks every gradient is finite (a non-finite one
    /// stops the run, naming the network and the parameter), clips, steps.
    public func step(_ name: String) throws {
        let entry = entry(name)
        for (parameter, value) in entry.optimizer.parameters where !Kernels.allFinite(value.grad) {
            let owner = entries.count == 1 ? "" : "\(name) parameter "
            throw Divergence(description: "the gradient of \(owner)\(parameter) became non-finite at step \(currentStep)")
        }
        entry.optimizer.learningRate = entry.schedule.learningRate(at: entry.optimizer.stepCount)
        if clipNorm > 0 { _ = clipGradNorm(entry.optimizer.parameters, maxNorm: clipNorm) }
        entry.optimizer.step()
    }
}
