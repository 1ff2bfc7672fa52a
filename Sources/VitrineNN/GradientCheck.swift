import VitrineEngine

/// Compares hand-written gradients with central finite differences.
///
/// For a layer, the objective is `Σ output ⊙ R` for a fixed random `R`, so its gradient with
/// respect to the output is `R` and one backward call gives every analytic gradient. Each
/// checked coordinate `v` is perturbed to `v ± h`; the numeric derivative is
/// `(f(v+h) − f(v−h)) / 2h`. Points where the function has a kink (ReLU at 0, max-pool ties,
/// smooth L1's switch) are detected without trusting the analytic gradient: the one-sided
/// slopes `(f(v+h) − f(v)) / h` and `(f(v) − f(v−h)) / h` disagree there, and such points are
/// skipped and counted. A check with more than half of its points skipped fails, so a check
/// cannot pass by skipping everything.
public struct GradientCheck {
    /// The outcome for one tensor (the input or one parameter).
    public struct Result: CustomStringConvertible {
        public let name: String
        /// Largest `|analytic − numeric| / max(1, |analytic|, |numeric|)` over checked points.
        public let maxError: Double
        public let checked: Int
        public let skipped: Int
        public let tolerance: Double
        /// The coordinate with the largest error, with both values, for the failure message.
        public let worst: (index: Int, analytic: Double, numeric: Double)?

        public var passed: Bool { maxError <= tolerance && skipped * 2 <= checked + skipped }

        public var description: String {
            var text = "\(name): max error \(maxError) over \(checked) points (\(skipped) skipped at kinks)"
            if let worst {
                text += "; worst at \(worst.index): analytic \(worst.analytic), numeric \(worst.numeric)"
            }
            return text + (passed ? "" : " — FAILED (tolerance \(tolerance))")
        }
    }

    public var step: Float = 1e-2
    public var tolerance: Double = 5e-3
    /// At most this many coordinates per tensor, chosen at random (all of them if fewer).
    public var maxPoints: Int = 48
    /// Run before every forward call, e.g. to reseed the generator behind dropout so every
    /// evaluation draws the same mask.
    public var beforeForward: () -> Void = {}

    public init(step: Float = 1e-2, tolerance: Double = 5e-3, maxPoints: Int = 48,
                beforeForward: @escaping () -> Void = {}) {
        self.step = step
        self.tolerance = tolerance
        self.maxPoints = maxPoints
        self.beforeForward = beforeForward
    }

    /// Checks the gradient for `input` and for every parameter of `layer` — leaving out frozen
    /// parameters (``Parameter/requiresGrad`` false) and, when the layer's
    /// ``InputGradientSwitch/computesInputGradient`` is off, the input, whose gradients
    /// backward does not compute.
    public func check(_ layer: any Layer, input: Tensor, seed: UInt64 = 7) throws -> [Result] {
        let x = input.copy()
        beforeForward()
        let out = try layer.forward(x)
        let projection = Tensor(zeros: out.shape)
        Generator(seed: seed).fillNormal(projection)
        let objective: () throws -> Double = {
            beforeForward()
            let y = try layer.forward(x)
            return dot(y, projection)
        }
        layer.zeroGrad()
        beforeForward()
        _ = try layer.forward(x)
        let gradInput = try layer.backward(projection).copy()
        let inputChecked = (layer as? InputGradientSwitch)?.computesInputGradient ?? true
        var targets = inputChecked ? [("input", x, gradInput)] : []
        for (name, parameter) in layer.namedParameters() where parameter.requiresGrad {
            targets.append((name, parameter.value, parameter.grad.copy()))
        }
        return try targets.map { name, value, analytic in
            try compare(name: name, value: value, analytic: analytic, objective: objective)
        }
    }

    /// Checks the gradient of a loss with respect to its input.
    public func check<L: Loss>(_ loss: L, input: Tensor, target: L.Target) throws -> Result {
        let x = input.copy()
        beforeForward()
        _ = try loss.forward(x, target)
        let analytic = try loss.backward().copy()
        return try compare(name: "input", value: x, analytic: analytic) {
            beforeForward()
            return Double(try loss.forward(x, target))
        }
    }

    /// Checks `analytic` against finite differences of `objective` over the elements of
    /// `value` (which `objective` must read).
    public func compare(
        name: String, value: Tensor, analytic: Tensor, objective: () throws -> Double
    ) throws -> Result {
        guard analytic.shape == value.shape else {
            throw EngineError.shapeMismatch(
                "GradientCheck(\(name))", "gradient \(analytic.shape) vs value \(value.shape)")
        }
        let base = try objective()
        var maxError = 0.0, checked = 0, skipped = 0
        var worst: (index: Int, analytic: Double, numeric: Double)?
        let h = Double(step)
        for index in points(count: value.count) {
            let original = value[index]
            value[index] = original + step
            let plus = try objective()
            value[index] = original - step
            let minus = try objective()
            value[index] = original
            let forwardSlope = (plus - base) / h, backwardSlope = (base - minus) / h
            let numeric = (plus - minus) / (2 * h)
            let scale = max(1, abs(forwardSlope), abs(backwardSlope))
            if abs(forwardSlope - backwardSlope) > 0.05 * scale {
                skipped += 1
                continue
            }
            let a = Double(analytic[index])
            let error = abs(a - numeric) / max(1, abs(a), abs(numeric))
            checked += 1
            if error >= maxError {
                maxError = error
                worst = (index, a, numeric)
            }
        }
        return Result(name: name, maxError: maxError, checked: checked, skipped: skipped,
                      tolerance: tolerance, worst: worst)
    }

    private func points(count: Int) -> [Int] {
        if count <= maxPoints { return Array(0..<count) }
        var all = Array(0..<count)
        Generator(seed: UInt64(count)).shuffle(&all)
        return Array(all.prefix(maxPoints)).sorted()
    }

    private func dot(_ a: Tensor, _ b: Tensor) -> Double {
        var sum = 0.0
        for i in 0..<a.count { sum += Double(a[i]) * Double(b[i]) }
        return sum
    }
}
