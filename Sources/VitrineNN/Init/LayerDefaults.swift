import VitrineEngine

extension Init {
    /// The parameters of a freshly built `Linear` or convolution as PyTorch initializes them:
    /// weight and (when `biasCount` is given) bias uniform in ±1/√fanIn, drawn in that order
    /// from `generator`.
    static func layerDefaults(weightShape: [Int], fanIn: Int, biasCount: Int?,
                              generator: Generator) -> (weight: Parameter, bias: Parameter?) {
        let bound = 1 / Float(fanIn).squareRoot()
        let weight = Tensor(zeros: weightShape)
        generator.fillUniform(weight, low: -bound, high: bound)
        guard let biasCount else { return (Parameter(weight), nil) }
        let bias = Tensor(zeros: [biasCount])
        generator.fillUniform(bias, low: -bound, high: bound)
        return (Parameter(weight), Parameter(bias))
    }
}
