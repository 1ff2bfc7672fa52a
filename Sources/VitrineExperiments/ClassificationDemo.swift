import Foundation
import VitrineData
import VitrineEngine
import VitrineModels
import VitrineNN

/// Trains ``SmallConvNet`` on ``SyntheticShapes`` with Adam and reports each epoch: the main job
/// until the experiment harness takes over.
public struct ClassificationDemo {
    /// What one epoch achieved.
    public struct EpochReport {
        public let epoch: Int
        public let meanLoss: Double
        public let trainAccuracy: Double
        public let testAccuracy: Double
        public let seconds: Double
        public let imagesPerSecond: Double
    }

    public var trainCount = 4096
    public var testCount = 1024
    public var imageSize = 16
    public var batchSize = 64
    public var epochs = 4
    public var learningRate: Float = 2e-3
    public var seed: UInt64 = 1

    public init() {}

    public func run(onEpoch: (EpochReport) -> Void) throws {
        let train = try SyntheticShapes(count: trainCount, size: imageSize, seed: seed)
        let test = try SyntheticShapes(count: testCount, size: imageSize, seed: seed &+ 1_000_003)
        let generator = Generator(seed: seed)
        let model = try SmallConvNet(
            inChannels: 3, numClasses: SyntheticShapes.classNames.count, imageSize: imageSize,
            generator: generator)
        model.nameModules()
        let optimizer = try Adam(parameters: model.namedParameters(), learningRate: learningRate)
        let loss = CrossEntropyLoss()
        let batch = Tensor(zeros: [0])
        var order = Array(0..<train.count)

        for epoch in 1...epochs {
            let start = Date()
            generator.shuffle(&order)
            model.train()
            var lossSum = 0.0, correct = 0, seen = 0
            for first in stride(from: 0, to: order.count, by: batchSize) {
                let indices = order[first..<min(first + batchSize, order.count)]
                train.gather(indices, into: batch)
                let targets = indices.map { train.labels[$0] }
                let logits = try model.forward(batch)
                correct += zip(Self.argmax(logits), targets).filter { $0 == $1 }.count
                lossSum += Double(try loss.forward(logits, targets)) * Double(indices.count)
                seen += indices.count
                optimizer.zeroGrad()
                _ = try model.backward(try loss.backward())
                optimizer.step()
            }
            let seconds = Date().timeIntervalSince(start)
            onEpoch(EpochReport(
                epoch: epoch, meanLoss: lossSum / Double(seen),
                trainAccuracy: Double(correct) / Double(seen),
                testAccuracy: try accuracy(model, on: test, batch: batch),
                seconds: seconds, imagesPerSecond: Double(seen) / seconds))
        }
    }

    private func accuracy(_ model: SmallConvNet, on data: SyntheticShapes, batch: Tensor) throws -> Double {
        model.eval()
        defer { model.train() }
        var correct = 0
        let all = Array(0..<data.count)
        for first in stride(from: 0, to: all.count, by: 256) {
            let indices = all[first..<min(first + 256, all.count)]
            data.gather(indices, into: batch)
            let predicted = Self.argmax(try model.forward(batch))
            correct += zip(predicted, indices).filter { $0 == data.labels[$1] }.count
        }
        return Double(correct) / Double(data.count)
    }

    /// The index of the largest logit in each row of `[N, C]`.
    static func argmax(_ logits: Tensor) -> [Int] {
        let (n, c) = (logits.shape[0], logits.shape[1])
        return (0..<n).map { row in
            let p = logits.data + row * c
            var best = 0
            for j in 1..<c where p[j] > p[best] { best = j }
            return best
        }
    }
}
