/// How far `value` falls short of `reference`, as a fraction of |reference|: the optimizer's
/// regret and a heuristic's gap to the exact answer.
/// A reference of 0 divides by 1e-9 instead, so the figure stays finite.
func relativeShortfall(of value: Double, from reference: Double) -> Double {
    (reference - value) / max(abs(reference), 1e-9)
}
