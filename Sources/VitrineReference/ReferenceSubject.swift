import VitrineEngine
import VitrineNN

/// What a case runs, in the three shapes the engine's modules come in: a one-input layer, an
/// embedding (integer indices in, no input gradient) or a loss (input and target in, a mean
/// scalar out).
enum ReferenceSubject {
    case layer(any Layer)
    case embedding(Embedding)
    case loss(AnyReferenceLoss)

    /// The module whose parameters, buffers and mode the case sets.
    var module: Module {
        switch self {
        case let .layer(layer): return layer
        case let .embedding(embedding): return embedding
        case let .loss(loss): return loss.module
        }
    }
}

/// A case's target: class indices or labels (int64 in the file) or a tensor.
public enum ReferenceTarget {
    case tensor(Tensor)
    case indices(IndexTensor)
}

/// A loss with its target type erased, so the runner drives every loss the same way.
struct AnyReferenceLoss {
    /// What the loss takes as target.
    enum TargetKind: String { case classIndices = "int64 class indices", labels = "int64 labels", tensor = "float32" }

    let module: Module
    let targetKind: TargetKind
    private let forwardBody: (Tensor, ReferenceTarget) throws -> Float
    private let backwardBody: () throws -> Tensor

    /// A loss whose target is a tensor of the input's shape.
    init<L: Loss>(_ loss: L) where L.Target == Tensor {
        module = loss
        targetKind = .tensor
        forwardBody = { input, target in
            guard case let .tensor(tensor) = target else { throw AnyReferenceLoss.wrongTarget(.tensor) }
            return try loss.forward(input, tensor)
        }
        backwardBody = { try loss.backward() }
    }

    /// A loss whose target is one integer per row of the input (`kind` says which).
    init<L: Loss>(_ loss: L, kind: TargetKind) where L.Target == [Int] {
        module = loss
        targetKind = kind
        forwardBody = { input, target in
            guard case let .indices(indices) = target else { throw AnyReferenceLoss.wrongTarget(kind) }
            guard indices.shape.count == 1 else {
                throw EngineError.shapeMismatch("target", "must be one-dimensional [N], got shape \(indices.shape)")
            }
            return try loss.forward(input, indices.values)
        }
        backwardBody = { try loss.backward() }
    }

    private static func wrongTarget(_ kind: TargetKind) -> EngineError {
        EngineError.invalidArgument("target", "this loss takes \(kind.rawValue)")
    }

    func forward(_ input: Tensor, _ target: ReferenceTarget) throws -> Float { try forwardBody(input, target) }
    func backward() throws -> Tensor { try backwardBody() }
}
