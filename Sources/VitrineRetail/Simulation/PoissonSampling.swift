import Foundation
import VitrineEngine

extension Generator {
    /// A Poisson draw with mean `mean` (≥ 0): inversion for small means, Hörmann's transformed
    /// rejection (PTRS, as numpy uses) from 10 on, where inversion would take too many steps.
    public func poisson(_ mean: Double) -> Int {
        if mean <= 0 { return 0 }
        if mean < 10 {
            var k = 0
            var p = exp(-mean)
            var cumulative = p
            let u = uniform()
            while u > cumulative && k < 1_000 {
                k += 1
                p *= mean / Double(k)
                cumulative += p
            }
            return k
        }
        let slam = mean.squareRoot(), logMean = log(mean)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = uniform() - 0.5, v = uniform()
            let us = 0.5 - abs(u)
            let k = floor((2 * a / us + b) * u + mean + 0.43)
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -mean + k * logMean - lgamma(k + 1) { return Int(k) }
        }
    }
}
