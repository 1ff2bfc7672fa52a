import VitrineVisualSearch

/// `POST /v1/search`'s answer: the top products with their scores and catalog metadata.
struct SearchResponse: Encodable {
    var model: String
    var mode: String
    var category: String?
    var results: [ProductMatch]
    /// Queue wait, embedding and search, as the server measured them.
    var milliseconds: Double
}

/// `POST /v1/embed`'s answer: the raw (not normalized) embedding of the image.
struct EmbedResponse: Encodable {
    var model: String
    var dimension: Int
    var embedding: [Float]
}
