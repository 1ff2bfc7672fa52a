import VitrineEngine

/// An ONNX graph being built: nodes in execution order, weights as initializers (not graph
/// inputs), one input and one output, serialized as a ModelProto (IR version 8, opset 17).
struct ONNXGraph {
    /// onnx.proto's TensorProto.DataType.FLOAT.
    static let float32 = 1
    static let opset = 17
    static let irVersion = 8

    enum Attribute {
        case int(Int)
        case ints([Int])
        case float(Float)
    }

    struct Node {
        var op: String
        var inputs: [String]
        var outputs: [String]
        var attributes: [(String, Attribute)]
    }

    private(set) var nodes: [Node] = []
    private var initializers: [(name: String, shape: [Int], values: [Float])] = []
    private var counter = 0

    /// A fresh value name for `what`.
    mutating func name(_ what: String) -> String {
        counter += 1
        return "\(what)_\(counter)"
    }

    /// Adds a node and returns its (single) output's name.
    @discardableResult
    mutating func add(_ op: String, _ inputs: [String], _ attributes: [(String, Attribute)] = [], output: String? = nil) -> String {
        let out = output ?? name(op.lowercased())
        nodes.append(Node(op: op, inputs: inputs, outputs: [out], attributes: attributes))
        return out
    }

    /// Adds a weight under `name` (a copy of `tensor`'s values) and returns the name.
    @discardableResult
    mutating func initializer(_ name: String, _ tensor: Tensor) -> String {
        initializers.append((name, tensor.shape, tensor.array))
        return name
    }

    mutating func initializer(_ name: String, shape: [Int], values: [Float]) -> String {
        initializers.append((name, shape, values))
        return name
    }

    /// The ModelProto: `input` `[batch, C, H, W]` and `output` `[batch, D]` with a symbolic batch,
    /// `metadata` as the model's metadata_props.
    func modelProto(graphName: String, input: (name: String, shape: [Int]), output: (name: String, shape: [Int]),
                    metadata: [(String, String)], producerVersion: String) -> [UInt8] {
        var model = ProtobufWriter()
        model.int(1, Self.irVersion)  // ir_version
        model.string(2, "vitrine")  // producer_name
        model.string(3, producerVersion)  // producer_version
        model.message(7) { graph in  // graph
            for node in nodes {
                graph.message(1) { proto in  // node
                    for input in node.inputs { proto.string(1, input) }
                    for output in node.outputs { proto.string(2, output) }
                    proto.string(3, node.outputs[0])  // name
                    proto.string(4, node.op)  // op_type
                    for (name, attribute) in node.attributes {
                        proto.message(5) { a in  // attribute
                            a.string(1, name)
                            switch attribute {
                            case .float(let value): a.float(2, value); a.int(20, 1)  // f, type FLOAT
                            case .int(let value): a.int(3, value); a.int(20, 2)  // i, type INT
                            case .ints(let values): for v in values { a.int(8, v) }; a.int(20, 7)  // ints, type INTS
                            }
                        }
                    }
                }
            }
            graph.string(2, graphName)
            for initializer in initializers {
                graph.message(5) { tensor in  // initializer
                    for dim in initializer.shape { tensor.int(1, dim) }
                    tensor.int(2, Self.float32)
                    tensor.string(8, initializer.name)
                    tensor.data(9, initializer.values.flatMap { value in  // raw_data, little-endian
                        withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) }
                    })
                }
            }
            graph.message(11) { Self.valueInfo(&$0, input.name, input.shape) }
            graph.message(12) { Self.valueInfo(&$0, output.name, output.shape) }
        }
        model.message(8) { opset in  // opset_import
            opset.string(1, "")
            opset.int(2, Self.opset)
        }
        for (key, value) in metadata {
            model.message(14) { entry in  // metadata_props
                entry.string(1, key)
                entry.string(2, value)
            }
        }
        return model.bytes
    }

    /// A float tensor's ValueInfoProto; dimension 0 is the symbolic `batch`.
    private static func valueInfo(_ info: inout ProtobufWriter, _ name: String, _ shape: [Int]) {
        info.string(1, name)
        info.message(2) { type in
            type.message(1) { tensorType in
                tensorType.int(1, float32)
                tensorType.message(2) { shapeProto in
                    for (axis, dim) in shape.enumerated() {
                        shapeProto.message(1) { dimension in
                            if axis == 0 { dimension.string(2, "batch") } else { dimension.int(1, dim) }
                        }
                    }
                }
            }
        }
    }
}
