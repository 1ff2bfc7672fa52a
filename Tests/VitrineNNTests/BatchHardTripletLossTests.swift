import Foundation
import Testing
import VitrineEngine
@testable import VitrineNN

@Suite struct BatchHardTripletLossTests {
    /// Four 2-D points at angles 0°, 60° (label 0) and 90°, 180° (label 1), given with norms
    /// 1, 2, 5 and 0.5 so that only normalization makes them unit vectors. Unit vectors θ apart
    /// are 2·sin(θ/2) apart: d(A0,A1) = 1, d(A0,B0) = √2, d(A0,B1) = 2, d(A1,B0) = 2·sin 15° =
    /// 0.5176381, d(A1,B1) = √3, d(B0,B1) = √2. With margin 0.2:
    ///   A0: pos A1 (1),  neg B0 (√2):       1 − 1.4142136 + 0.2 < 0 → 0
    ///   A1: pos A0 (1),  neg B0 (0.5176381): 0.6823619
    ///   B0: pos B1 (√2), neg A1 (0.5176381): 1.0965755
    ///   B1: pos B0 (√2), neg A1 (√3):        1.4142136 − 1.7320508 + 0.2 < 0 → 0
    /// Loss = (0.6823619 + 1.0965755) / 4 = 0.4447343.
    private let points = try! Tensor(shape: [4, 2], values: [1, 0, 1, Float(3.0.squareRoot()), 0, 5, -0.5, 0])
    private let labels = [0, 0, 1, 1]

    @Test func handWorkedFourPoints() throws {
        let loss = BatchHardTripletLoss()
        #expect(loss.margin == 0.2)
        #expect(abs(try loss.forward(points, labels) - 0.4447343) < 1e-6)
    }

    @Test func gradientFlowsThroughNormalizationAndSelection() throws {
        let loss = try BatchHardTripletLoss(margin: 0.2)
        // Every coordinate is checked, including the rows picked as positives and negatives.
        try expectLossGradientMatches(loss, input: points, target: labels,
                                      checker: GradientCheck(step: 1e-3, maxPoints: 100))
        _ = try loss.forward(points, labels)
        let g = try loss.backward()
        // The loss ignores each row's length, so its gradient is orthogonal to the row.
        for i in 0..<4 {
            let radial = points[i * 2] * g[i * 2] + points[i * 2 + 1] * g[i * 2 + 1]
            #expect(abs(radial) < 1e-6, "row \(i): x·∂L/∂x = \(radial)")
        }
    }

    @Test func gradientOnRandomBatch() throws {
        let loss = try BatchHardTripletLoss(margin: 0.5)
        try expectLossGradientMatches(loss, input: randomTensor([8, 5], seed: 13), target: [0, 0, 1, 1, 2, 2, 0, 1],
                                      checker: GradientCheck(step: 1e-3, maxPoints: 40))
    }

    @Test func zeroDistancePositiveHasAZeroSubgradient() throws {
        // A = (1, 0) and A' = (2, 0) normalize to the same point: each is the other's only
        // positive, at distance 0. B = (0, 1) has no positive, so only A and A' count.
        // Loss = (0 − √2 + 2) = 0.5857864 for both. With the d_pos term contributing 0:
        //   ∂L/∂x_A  = −½ · (I − u_A u_Aᵀ)(u_A − u_B)/√2 = (0, 1/(2√2))
        //   ∂L/∂x_A' = the same over ‖x_A'‖ = 2: (0, 1/(4√2))
        //   ∂L/∂x_B  = −½ · 2 · (I − u_B u_Bᵀ)(u_B − u_A)/√2 = (1/√2, 0)
        let loss = try BatchHardTripletLoss(margin: 2)
        let x = try Tensor(shape: [3, 2], values: [1, 0, 2, 0, 0, 1])
        #expect(abs(try loss.forward(x, [0, 0, 1]) - 0.5857864) < 1e-6)
        let g = try loss.backward()
        #expect(Kernels.allFinite(g))
        expectClose(g, [0, 0.3535534, 0, 0.1767767, 0.7071068, 0])
        // Finite differences agree wherever the loss is differentiable (the tangential moves of
        // A and A' are kinks, |δ|, and are skipped by the checker).
        try expectLossGradientMatches(loss, input: x, target: [0, 0, 1], checker: GradientCheck(step: 1e-3))
    }

    @Test func noValidAnchorGivesZero() throws {
        let loss = BatchHardTripletLoss()
        let x = randomTensor([3, 4], seed: 2)
        for labels in [[0, 1, 2], [5, 5, 5]] {
            #expect(try loss.forward(x, labels) == 0)
            #expect(try loss.backward().array.allSatisfy { $0 == 0 })
        }
    }

    @Test func errors() throws {
        #expect(throws: EngineError.invalidArgument(
            "BatchHardTripletLoss", "margin must be finite and non-negative, got -0.1")) {
            try BatchHardTripletLoss(margin: -0.1)
        }
        let loss = BatchHardTripletLoss()
        #expect(throws: EngineError.invalidState("BatchHardTripletLoss", "backward called before forward")) {
            try loss.backward()
        }
        #expect(throws: EngineError.shapeMismatch(
            "BatchHardTripletLoss", "target has 3 labels but input [4, 2] has 4 rows")) {
            try loss.forward(points, [0, 0, 1])
        }
        #expect(throws: EngineError.shapeMismatch(
            "BatchHardTripletLoss", "input must have 2 dimensions, got shape [4, 2, 1]")) {
            try loss.forward(Tensor(zeros: [4, 2, 1]), labels)
        }
        #expect(throws: EngineError.shapeMismatch(
            "BatchHardTripletLoss", "input must be [N, D] with N, D > 0, got [4, 0]")) {
            try loss.forward(Tensor(zeros: [4, 0]), labels)
        }
    }
}
