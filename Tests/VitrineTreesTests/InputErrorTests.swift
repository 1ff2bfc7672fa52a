import Testing
@testable import VitrineTrees

@Suite("Bad input")
struct InputErrorTests {
    let features = try! FeatureMatrix(columns: [[1, 2, 3, 4], [0, 1, 0, 1]])
    let quick = BoostingParameters(maxIterations: 2, minSamplesLeaf: 1)

    func fitError(_ features: FeatureMatrix? = nil, target: [Float] = [1, 2, 3, 4], weights: [Float]? = nil,
                  parameters: BoostingParameters? = nil, validation: ValidationSet? = nil) -> TreesError? {
        do {
            _ = try GradientBoostedTrees.fit(features: features ?? self.features, target: target, weights: weights,
                                             validation: validation, parameters: parameters ?? quick)
            return nil
        } catch {
            return error as? TreesError
        }
    }

    @Test func nanTargetNamesTheRow() {
        guard case .invalidTarget(row: 2, _, _)? = fitError(target: [1, 2, .nan, 4]) else {
            Issue.record("NaN target accepted"); return
        }
        guard case .invalidTarget(row: 1, value: -2, _)? = fitError(target: [1, -2, 3, 4],
                                                                   parameters: BoostingParameters(objective: .poisson)) else {
            Issue.record("negative Poisson target accepted"); return
        }
        let allZero = fitError(target: [0, 0, 0, 0], parameters: BoostingParameters(objective: .tweedie(power: 1.5)))
        #expect(allZero != nil)
    }

    @Test func mismatchedLengthsAreShapeErrors() throws {
        guard case .shapeMismatch(let what, _)? = fitError(target: [1, 2, 3]) else { Issue.record("short target accepted"); return }
        #expect(what.contains("target"))
        guard case .shapeMismatch(let weightsWhat, _)? = fitError(weights: [1, 1]) else { Issue.record("short weights accepted"); return }
        #expect(weightsWhat.contains("weights"))
        #expect(fitError(weights: [1, -1, 1, 1]) == .invalidWeight(row: 1, value: -1))
        #expect(throws: TreesError.self) { try FeatureMatrix(rows: 3, features: 2, columnMajor: [1, 2, 3]) }
        #expect(throws: TreesError.self) { try FeatureMatrix(columns: [[1, 2], [3]]) }
        let narrow = ValidationSet(features: try FeatureMatrix(columns: [[1, 2]]), target: [1, 2])
        guard case .shapeMismatch? = fitError(validation: narrow) else { Issue.record("validation with 1 feature accepted"); return }
        let model = try GradientBoostedTrees.fit(features: features, target: [1, 2, 3, 4], parameters: quick)
        #expect(throws: TreesError.self) { try model.predict(try FeatureMatrix(columns: [[1, 2]])) }
    }

    @Test func zeroRowsIsAnEmptyError() throws {
        let empty = try FeatureMatrix(rows: 0, features: 2, columnMajor: [])
        guard case .empty? = fitError(empty, target: []) else { Issue.record("zero rows accepted"); return }
        let noFeatures = try FeatureMatrix(rows: 4, features: 0, columnMajor: [])
        guard case .empty? = fitError(noFeatures) else { Issue.record("zero features accepted"); return }
    }

    @Test(arguments: [
        ("learningRate", BoostingParameters(learningRate: 0)),
        ("maxBins", BoostingParameters(maxBins: 256)),
        ("maxLeafNodes", BoostingParameters(maxLeafNodes: 1)),
        ("maxDepth", BoostingParameters(maxDepth: 0)),
        ("minSamplesLeaf", BoostingParameters(minSamplesLeaf: 0)),
        ("l2Regularization", BoostingParameters(l2Regularization: -1)),
        ("rowSubsample", BoostingParameters(rowSubsample: 1.5)),
        ("featureSubsample", BoostingParameters(featureSubsample: 0)),
        ("maxIterations", BoostingParameters(maxIterations: 0)),
        ("tweedie power", BoostingParameters(objective: .tweedie(power: 2.5))),
    ])
    func invalidHyperparametersNameTheParameter(name: String, parameters: BoostingParameters) {
        guard case .invalidParameter(let reported, _, _)? = fitError(parameters: parameters) else {
            Issue.record("\(name) accepted"); return
        }
        #expect(reported == name)
        #expect(fitError(parameters: parameters)!.description.contains("expected"))
    }
}
