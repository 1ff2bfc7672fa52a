import VitrineSearch
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

/// `POST /v1/match`'s answer: the own products closest to a competitor's photo, with own price
/// minus the competitor's (when both are known), as `vitrine match` reports it.
struct MatchResponse: Encodable {
    struct Match: Encodable {
        var rank: Int
        var similarity: Float
        var own: ProductMetadata
        var priceDifference: Double?

        enum CodingKeys: String, CodingKey {
            case rank, similarity, own
            case priceDifference = "price_difference"
        }
    }

    var model: String
    var competitorPrice: Double?
    var milliseconds: Double
    var matches: [Match]

    enum CodingKeys: String, CodingKey {
        case model, milliseconds, matches
        case competitorPrice = "competitor_price"
    }
}
