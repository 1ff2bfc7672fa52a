import VitrineInference
import VitrineSearch
import VitrineVisualSearch

/// One request's worth of a served model: the network and, when the model was registered with an
/// index, a search over its own copy of the index (indexes reuse score buffers between searches,
/// so replicas share neither).
final class ServingReplica {
    let model: InferenceModel
    let search: ProductSearch?

    init(model: InferenceModel, search: ProductSearch?) {
        self.model = model
        self.search = search
    }
}
