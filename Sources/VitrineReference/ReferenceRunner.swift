import VitrineEngine
import VitrineNN

/// Runs one reference case through the engine: builds the layer from `layer` + `config`,
/// loads `params/` (names and shapes checked), sets train or eval mode from `training`, runs
/// forward and backward (layers with `grad_output`; losses with their mean), and compares the
/// output, the input gradient, every parameter gradient and, for batch norm in training, the
/// updated running statistics with the expected tensors.
public struct ReferenceRunner: Sendable {
    /// The largest acceptable error per tensor (see ``TensorComparison``).
    public var tolerance: Double

    public init(tolerance: Double = 1e-4) {
        self.tolerance = tolerance
    }

    /// Runs `referenceCase`. Throws ``ReferenceError`` when the case cannot be run (unknown
    /// layer, bad config, missing or mismatched params or datasets); a layer that runs but
    /// computes something else is a result that did not pass, not an error.
    public func run(_ referenceCase: ReferenceCase) throws -> ReferenceResult {
        let c = referenceCase
        let config = try ReferenceConfig(json: c.config, caseName: c.name)
        let training = try config.bool("training", default: true)
        let subject = try LayerFactory.make(layer: c.layer, config: config)
        try config.finish()
        let module = subject.module
        module.nameModules(prefix: c.name)
        let parameterNames = try loadParams(c, into: module)
        module.train(training)
        module.zeroGrad()
        let expectedGrads = try checkedExpectedGrads(c, parameterNames: parameterNames)
        let buffers = Dictionary(uniqueKeysWithValues: module.namedBuffers().map { ($0.0, $0.1.value) })
        for (name, _) in c.expectedRunning where buffers[name] == nil {
            throw ReferenceError.badData(caseName: c.name, dataset: "expected_running/\(name)",
                                         detail: "the layer has no buffer '\(name)' (it has: \(list(buffers.keys)))")
        }
        guard let expectedOutput = c.expectedOutput else {
            throw ReferenceError.badData(caseName: c.name, dataset: "output", detail: "missing: every case needs one")
        }

        var comparisons: [TensorComparison] = []
        var gradientsComputed = true
        do {
            switch subject {
            case let .layer(layer):
                let input = try tensorInput(c)
                let gradOutput = try requiredGradOutput(c, expectedOutput)
                let expectedGradInput = try required(c.expectedGradInput, c, "grad_input")
                let output = try layer.forward(input)
                comparisons.append(TensorComparison(name: "output", actual: output, expected: expectedOutput))
                if output.shape == expectedOutput.shape {
                    let gradInput = try layer.backward(gradOutput)
                    comparisons.append(TensorComparison(name: "grad_input", actual: gradInput, expected: expectedGradInput))
                } else {
                    comparisons.append(.notComputed("grad_input", "the output has the wrong shape"))
                    gradientsComputed = false
                }
            case let .embedding(embedding):
                guard case let .indices(indices) = c.input else {
                    throw ReferenceError.badData(caseName: c.name, dataset: "input",
                                                 detail: "embedding takes int64 indices, the file has floats")
                }
                let gradOutput = try requiredGradOutput(c, expectedOutput)
                let output = try embedding.forward(indices)
                comparisons.append(TensorComparison(name: "output", actual: output, expected: expectedOutput))
                if output.shape == expectedOutput.shape {
                    try embedding.backward(gradOutput)
                } else {
                    gradientsComputed = false
                }
            case let .loss(loss):
                let input = try tensorInput(c)
                let target = try lossTarget(c, loss)
                let expectedGradInput = try required(c.expectedGradInput, c, "grad_input")
                guard expectedOutput.count == 1 else {
                    throw ReferenceError.badData(caseName: c.name, dataset: "output",
                                                 detail: "a loss's output is one scalar, the file has shape \(expectedOutput.shape)")
                }
                let value = try loss.forward(input, target)
                let scalar = Tensor(shape: expectedOutput.shape, repeating: value)
                comparisons.append(TensorComparison(name: "output", actual: scalar, expected: expectedOutput))
                let gradInput = try loss.backward()
                comparisons.append(TensorComparison(name: "grad_input", actual: gradInput, expected: expectedGradInput))
            }
        } catch let error as EngineError {
            throw ReferenceError.layerFailed(caseName: c.name, detail: error.description)
        }

        let parameters = Dictionary(uniqueKeysWithValues: module.namedParameters().map { ($0.0, $0.1) })
        for (name, expected) in expectedGrads {
            comparisons.append(gradientsComputed
                ? TensorComparison(name: "grads/\(name)", actual: parameters[name]!.grad, expected: expected)
                : .notComputed("grads/\(name)", "the output has the wrong shape"))
        }
        for (name, expected) in c.expectedRunning {
            comparisons.append(TensorComparison(name: "expected_running/\(name)", actual: buffers[name]!, expected: expected))
        }
        return ReferenceResult(caseName: c.name, layer: c.layer, comparisons: comparisons, tolerance: tolerance)
    }

    // MARK: Checks

    /// Copies `params/` into the module's parameters and buffers. Every parameter and buffer
    /// must be given (except `num_batches_tracked`, which no forward reads), with the layer's
    /// shape, and nothing else. Returns the parameter names.
    private func loadParams(_ c: ReferenceCase, into module: Module) throws -> [String] {
        let parameters = module.namedParameters().map { ($0.0, $0.1.value) }
        let state = Dictionary(uniqueKeysWithValues: parameters + module.namedBuffers().map { ($0.0, $0.1.value) })
        let given = Dictionary(uniqueKeysWithValues: c.params)
        for (name, tensor) in c.params {
            guard let destination = state[name] else {
                throw ReferenceError.badParam(
                    caseName: c.name, param: name,
                    detail: "\(c.layer) has no such parameter or buffer (it has: \(list(state.keys)))")
            }
            guard destination.shape == tensor.shape else {
                throw ReferenceError.badParam(
                    caseName: c.name, param: name,
                    detail: "shape \(tensor.shape) in the file, the layer expects \(destination.shape)")
            }
            destination.assign(tensor)
        }
        for name in state.keys.sorted() where given[name] == nil && name != "num_batches_tracked" {
            throw ReferenceError.badParam(caseName: c.name, param: name,
                                          detail: "missing from params/ (the layer needs: \(list(state.keys)))")
        }
        return parameters.map(\.0)
    }

    /// `grads/` must hold exactly one gradient per parameter.
    private func checkedExpectedGrads(_ c: ReferenceCase, parameterNames: [String]) throws -> [(String, Tensor)] {
        let names = Set(parameterNames)
        for (name, _) in c.expectedGrads where !names.contains(name) {
            throw ReferenceError.badData(caseName: c.name, dataset: "grads/\(name)",
                                         detail: "not a parameter of \(c.layer) (it has: \(list(names)))")
        }
        let given = Set(c.expectedGrads.map(\.0))
        for name in parameterNames.sorted() where !given.contains(name) {
            throw ReferenceError.badData(caseName: c.name, dataset: "grads/\(name)",
                                         detail: "missing: every parameter needs an expected gradient")
        }
        return c.expectedGrads
    }

    private func required(_ tensor: Tensor?, _ c: ReferenceCase, _ dataset: String) throws -> Tensor {
        guard let tensor else {
            throw ReferenceError.badData(caseName: c.name, dataset: dataset, detail: "missing: a \(c.layer) case needs it")
        }
        return tensor
    }

    private func tensorInput(_ c: ReferenceCase) throws -> Tensor {
        guard case let .tensor(input) = c.input else {
            throw ReferenceError.badData(caseName: c.name, dataset: "input",
                                         detail: "\(c.layer) takes a float32 tensor, the file has integers")
        }
        return input
    }

    private func requiredGradOutput(_ c: ReferenceCase, _ expectedOutput: Tensor) throws -> Tensor {
        let gradOutput = try required(c.gradOutput, c, "grad_output")
        guard gradOutput.shape == expectedOutput.shape else {
            throw ReferenceError.badData(
                caseName: c.name, dataset: "grad_output",
                detail: "shape \(gradOutput.shape) differs from the output's \(expectedOutput.shape)")
        }
        return gradOutput
    }

    private func lossTarget(_ c: ReferenceCase, _ loss: AnyReferenceLoss) throws -> ReferenceTarget {
        guard let target = c.target else {
            throw ReferenceError.badData(caseName: c.name, dataset: "target", detail: "missing: a loss case needs one")
        }
        switch (target, loss.targetKind) {
        case (.tensor, .tensor), (.indices, .classIndices), (.indices, .labels): return target
        case (.indices, .tensor):
            throw ReferenceError.badData(caseName: c.name, dataset: "target",
                                         detail: "\(c.layer) takes a float32 target, the file has integers")
        case (.tensor, _):
            throw ReferenceError.badData(caseName: c.name, dataset: "target",
                                         detail: "\(c.layer) takes \(loss.targetKind.rawValue), the file has floats")
        }
    }
}

private func list<S: Sequence>(_ names: S) -> String where S.Element == String {
    let sorted = names.sorted()
    return sorted.isEmpty ? "none" : sorted.joined(separator: ", ")
}
