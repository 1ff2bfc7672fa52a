import Foundation

/// The on-disk form of a ``GradientBoostedTrees`` model: one UTF-8 JSON object.
///
/// ```
/// { "format": "vitrine-gbdt", "version": 1,
///   "model": {
///     "objective": {"squaredError": {}} | {"poisson": {}} | {"tweedie": {"power": 1.5}},
///     "baseScore": Double,                   // raw score before any tree
///     "bins": {"edges": [[Float]]},          // per feature, strictly increasing upper bin edges
///     "trees": [ {                           // node arrays, node 0 the root
///         "feature": [Int32],                // −1 at a leaf
///         "thresholdBin": [UInt8],           // code ≤ thresholdBin goes left
///         "threshold": [Float],              // value ≤ threshold goes left ("inf" = only NaN goes right)
///         "missingLeft": [Bool],             // where NaN goes
///         "left": [Int32], "right": [Int32], // children, −1 at a leaf
///         "value": [Double],                 // leaf value, learning rate applied
///         "gain": [Double], "count": [Int32] // split gain, training rows at the node
///     } ],
///     "parameters": { … BoostingParameters … },
///     "history": {"trainingLoss": [Double], "validationLoss": [Double],
///                 "bestIteration": Int, "initialTrainingLoss": Double,
///                 "initialValidationLoss": Double (absent without validation)} } }
/// ```
///
/// Numbers are written in their shortest round-tripping decimal form, so a loaded model
/// predicts bit for bit what the saved one did; ±∞ and NaN are the strings "inf", "-inf",
/// "nan". Prediction is base + Σ value of the leaf each tree sends the row to, through the
/// objective's link (exp for poisson and tweedie).
struct ModelFile: Codable {
    static let formatName = "vitrine-gbdt"
    static let currentVersion = 1

    var format: String
    var version: Int
    var model: GradientBoostedTrees
}

extension GradientBoostedTrees {
    /// The model as the JSON document ``ModelFile`` describes.
    public func serialized() throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(ModelFile(format: ModelFile.formatName, version: ModelFile.currentVersion, model: self))
    }

    /// A model from a JSON document written by ``serialized()``; `name` (a path) appears in errors.
    public init(serialized data: Data, name: String = "model data") throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let file: ModelFile
        do {
            file = try decoder.decode(ModelFile.self, from: data)
        } catch {
            throw TreesError.invalidModelFile(name, "not a vitrine-gbdt JSON document (\(error))")
        }
        guard file.format == ModelFile.formatName, file.version == ModelFile.currentVersion else {
            throw TreesError.invalidModelFile(
                name, "format \(file.format) version \(file.version); this build reads \(ModelFile.formatName) version \(ModelFile.currentVersion)")
        }
        let model = file.model
        do { try model.objective.validate() } catch {
            throw TreesError.invalidModelFile(name, "\(error)")
        }
        guard model.baseScore.isFinite, model.featureCount > 0 else {
            throw TreesError.invalidModelFile(name, "base score \(model.baseScore) and \(model.featureCount) features; expected finite and ≥ 1")
        }
        for (index, tree) in model.trees.enumerated() {
            try tree.validate(features: model.featureCount, name: "\(name), tree \(index)")
        }
        self = model
    }

    /// Writes the model to `path` (written to a temporary file and renamed, so a reader never
    /// sees half a model).
    public func save(to path: String) throws {
        let data = try serialized()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw TreesError.invalidModelFile(path, "could not write: \(error.localizedDescription)")
        }
    }

    /// Reads a model written by ``save(to:)``.
    public static func load(from path: String) throws -> GradientBoostedTrees {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TreesError.invalidModelFile(path, "could not read: \(error.localizedDescription)")
        }
        return try GradientBoostedTrees(serialized: data, name: path)
    }
}
