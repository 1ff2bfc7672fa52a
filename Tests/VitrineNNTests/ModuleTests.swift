import Testing
import VitrineEngine
@testable import VitrineNN

private final class Block: Module, Layer {
    let conv1: Linear
    let fcHead: Linear
    init(_ g: Generator) throws {
        conv1 = try Linear(2, 2, generator: g)
        fcHead = try Linear(2, 1, bias: false, generator: g)
        super.init()
    }
    func forward(_ input: Tensor) throws -> Tensor { try fcHead.forward(conv1.forward(input)) }
    func backward(_ gradOutput: Tensor) throws -> Tensor { try conv1.backward(fcHead.backward(gradOutput)) }
}

@Suite struct ModuleTests {
    @Test func dottedPathsFollowPyTorch() throws {
        let g = Generator(seed: 0)
        let model = Sequential(try Block(g), try Linear(1, 3, generator: g))
        #expect(model.namedParameters().map(\.0) == [
            "0.conv1.weight", "0.conv1.bias", "0.fc_head.weight", "1.weight", "1.bias",
        ])
        #expect(model.parameterCount == 4 + 2 + 2 + 3 + 3)
        model.nameModules()
        let block = model.layers[0] as! Block
        #expect(block.fcHead.path == "0.fc_head")
    }

    @Test func shapeErrorNamesThePath() throws {
        let g = Generator(seed: 0)
        let model = Sequential(try Linear(4, 2, generator: g), try Linear(3, 1, generator: g))
        model.nameModules()
        #expect(throws: EngineError.shapeMismatch("1", "input must be [N, 3], got [5, 2]")) {
            try model.forward(Tensor(zeros: [5, 4]))
        }
    }

    @Test func trainAndEvalReachEveryModule() throws {
        let g = Generator(seed: 0)
        let model = Sequential(try Block(g))
        model.eval()
        #expect(model.namedModules().allSatisfy { !$0.1.training })
        model.train()
        #expect(model.namedModules().allSatisfy { $0.1.training })
    }
}
