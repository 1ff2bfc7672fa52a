import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct DiversitySensitiveLossTests {
    /// One pair: images [1, 0] and [0, 0.5], noise [0, 0] and [1, −1].
    /// mean|Δx| = 1.5 / 2 = 0.75, mean|Δz| = 2 / 2 = 1, r = 0.75; loss −0.75 under a bound of 1.
    /// ∂/∂x_0 = −sign(Δx) / (1 pair · 2 pixels · 1) = [−0.5, 0.5], and the opposite for x_1.
    @Test func handWorkedPair() throws {
        let images = try Tensor(shape: [2, 2], values: [1, 0, 0, 0.5])
        let noise = try Tensor(shape: [2, 2], values: [0, 0, 1, -1])
        let loss = try DiversitySensitiveLoss(bound: 1)
        #expect(abs(try loss.forward(images, noise) + 0.75) < 1e-6)
        expectClose(try loss.backward(), [-0.5, 0.5, 0.5, -0.5])
        // Past the bound a pair adds τ and no gradient.
        let bounded = try DiversitySensitiveLoss(bound: 0.5)
        #expect(abs(try bounded.forward(images, noise) + 0.5) < 1e-6)
        expectClose(try bounded.backward(), [0, 0, 0, 0])
    }

    /// Two pairs, the first collapsed on one pixel: sign(0) = 0 there, and the mean is over pairs.
    @Test func pairsAreHalvesAndTheMeanIsOverPairs() throws {
        // Pairs (0, 2) and (1, 3). Pair 0: Δx = [0, 2], mean 1; Δz = [2], r = 0.5.
        // Pair 1: Δx = [−1, −1], mean 1; Δz = [−4], r = 0.25. Loss −(0.5 + 0.25) / 2.
        let images = try Tensor(shape: [4, 2], values: [1, 2, 0, 0, 1, 0, 1, 1])
        let noise = try Tensor(shape: [4, 1], values: [1, -2, -1, 2])
        let loss = try DiversitySensitiveLoss(bound: 10)
        #expect(abs(try loss.forward(images, noise) + 0.375) < 1e-6)
        // Pair 0: scale 1 / (2 pairs · 2 pixels · 2) = 0.125; pair 1: 1 / (2 · 2 · 4) = 0.0625.
        expectClose(try loss.backward(), [0, -0.125, 0.0625, 0.0625, 0, 0.125, -0.0625, -0.0625])
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        try expectLossGradientMatches(try DiversitySensitiveLoss(bound: 100), input: randomTensor([6, 2, 3, 3], seed: 3),
                                      target: randomTensor([6, 5], seed: 4))
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument("DiversitySensitiveLoss", "bound must be finite and positive, got 0.0")) {
            try DiversitySensitiveLoss(bound: 0)
        }
        let loss = try DiversitySensitiveLoss()
        #expect(throws: EngineError.self) { try loss.forward(Tensor(zeros: [3, 2]), Tensor(zeros: [3, 1])) }
        #expect(throws: EngineError.self) { try loss.forward(Tensor(zeros: [2, 2]), Tensor(zeros: [4, 1])) }
        #expect(throws: EngineError.self) { try loss.forward(Tensor(zeros: [2, 2]), Tensor(zeros: [2, 3])) }
        #expect(throws: EngineError.invalidState("DiversitySensitiveLoss", "backward called before forward")) {
            try DiversitySensitiveLoss().backward()
        }
    }
}
