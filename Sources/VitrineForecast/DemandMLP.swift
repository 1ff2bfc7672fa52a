import Foundation
import VitrineEngine
import VitrineNN
import VitrineRetail

/// The neural demand model: one entity embedding per categorical attribute (category, brand,
/// colour, material, size range, weekday, month), concatenated with the numeric features
/// standardized by the training rows' mean and standard deviation, then an MLP with ReLUs and
/// one output (a log-rate for quantity and revenue, the value itself for profit).
///
/// The standardization is kept as buffers (`numeric_mean`, `numeric_std`), so a checkpoint
/// carries everything needed to predict.
public final class DemandMLP: Module {
    let embeddings: [Embedding]
    let numericMean: Buffer
    let numericStd: Buffer
    let concat: Concat
    let mlp: Sequential
    /// Table column names read as codes (one per embedding) and as numbers, in input order.
    public let categoricalNames: [String]
    public let numericNames: [String]
    private let cardinalities: [Int]
    private let numeric = Tensor(zeros: [0])
    /// Inputs the MLP leaves out: a raw day index, which a network extrapolates linearly past
    /// the training days (and the exponential link turns into runaway forecasts); trees read it
    /// as a step function and keep it.
    static let excluded: Set<String> = ["trend_day"]
    /// Whether each numeric input is read as log(1 + max(x, 0)): the sales lags. With a log-rate
    /// output, a raw lag would make the rate exponential in past sales, and a recursive forecast
    /// feeding its predictions back into the lags would run away; on the log scale the rate is
    /// a power of past sales, as in a multiplicative demand model.
    private let logScaled: [Bool]

    public init(columns: [FeatureColumn], embeddingDim: Int, hidden: [Int], generator: Generator) throws {
        var categorical: [(String, Int)] = [], numeric: [String] = []
        for column in columns where !Self.excluded.contains(column.name) {
            if case let .categorical(cardinality) = column.encoding { categorical.append((column.name, cardinality)) } else { numeric.append(column.name) }
        }
        categoricalNames = categorical.map(\.0)
        cardinalities = categorical.map(\.1)
        numericNames = numeric
        logScaled = numeric.map { $0.hasPrefix("sales_") }
        embeddings = try categorical.map { try Embedding(max($0.1, 1), embeddingDim, generator: generator) }
        numericMean = Buffer(Tensor(zeros: [numeric.count]))
        numericStd = Buffer(Tensor(shape: [numeric.count], repeating: 1))
        concat = try Concat(dim: 1)
        var layers: [any Layer] = []
        var width = categorical.count * embeddingDim + numeric.count
        for size in hidden {
            layers.append(try Linear(width, size, generator: generator))
            layers.append(ReLU())
            width = size
        }
        layers.append(try Linear(width, 1, generator: generator))
        mlp = Sequential(layers)
        super.init()
        // Small embeddings to start, so no attribute dominates the first steps.
        for embedding in embeddings { Kernels.scale(embedding.weight.value, by: 0.1) }
    }

    /// Sets the standardization from `rows` of `table` and the output bias to the target's
    /// mean on the model's scale, so training starts at the average rate.
    public func fitScaling(table: FeatureTable, rows: [Int], targetMean: Float, logLink: Bool) throws {
        for (j, name) in numericNames.enumerated() {
            let values = try table.column(name), base = values.startIndex
            var sum = 0.0, squares = 0.0
            for row in rows { let v = Double(input(values[base + row], j)); sum += v; squares += v * v }
            let n = Double(max(rows.count, 1)), mean = sum / n
            let std = max(squares / n - mean * mean, 0).squareRoot()
            numericMean.value.data[j] = Float(mean)
            numericStd.value.data[j] = std > 1e-6 ? Float(std) : 1
        }
        if let last = mlp.layers.last as? Linear, let bias = last.bias {
            bias.value.data[0] = logLink ? log(max(targetMean, 1e-4)) : targetMean
        }
    }

    /// Numeric input `j` as the network reads it (before standardization).
    private func input(_ value: Float, _ j: Int) -> Float { logScaled[j] ? log1p(max(value, 0)) : value }

    /// The raw outputs `[rows.count, 1]` for `rows` of `table` (all rows when nil).
    public func forward(table: FeatureTable, rows: [Int]?) throws -> Tensor {
        let count = rows?.count ?? table.rowCount
        var inputs: [Tensor] = []
        for (k, name) in categoricalNames.enumerated() {
            let values = try table.column(name), base = values.startIndex, top = cardinalities[k] - 1
            let codes = (0..<count).map { i in min(max(Int(values[base + (rows?[i] ?? i)]), 0), top) }
            inputs.append(try embeddings[k].forward(IndexTensor(codes)))
        }
        numeric.resize([count, numericNames.count])
        let width = numericNames.count, x = numeric.data
        for (j, name) in numericNames.enumerated() {
            let values = try table.column(name), base = values.startIndex
            let mean = numericMean.value.data[j], std = numericStd.value.data[j]
            for i in 0..<count { x[i * width + j] = (input(values[base + (rows?[i] ?? i)], j) - mean) / std }
        }
        inputs.append(numeric)
        return try mlp.forward(try concat.forward(inputs))
    }

    /// Backward from the gradient of the outputs of the last ``forward(table:rows:)``.
    public func backward(_ gradOutput: Tensor) throws {
        let parts = try concat.backward(try mlp.backward(gradOutput))
        for (embedding, part) in zip(embeddings, parts) { try embedding.backward(part) }
    }
}
