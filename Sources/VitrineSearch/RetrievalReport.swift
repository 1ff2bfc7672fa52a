/// Retrieval quality of a set of images searched against itself, leave-one-out (the Stanford
/// Online Products protocol): Recall@K per K, MAP@R and Recall@1 per query category.
public struct RetrievalReport: Codable, Equatable, Sendable {
    /// Recall@K by K (as a string key, so the JSON is an object): the share of queries with at
    /// least one image of their product among their K nearest other images.
    public var recallAtK: [String: Double]
    /// MAP@R (Musgrave et al., 2020): the mean over queries of the average precision within
    /// the first R neighbours, R being the number of other images of the query's product.
    public var mapAtR: Double
    /// Recall@1 over the queries of each category.
    public var perCategoryRecallAt1: [String: Double]
    /// Queries counted (those whose product has at least one other image).
    public var queries: Int
    /// Queries left out because no other image shares their product: nothing can be found for
    /// them, so counting them would only lower every figure by a constant.
    public var loneQueries: Int

    enum CodingKeys: String, CodingKey {
        case recallAtK = "recall_at_k", mapAtR = "map_at_r", perCategoryRecallAt1 = "per_category_recall_at_1"
        case queries, loneQueries = "lone_queries"
    }

    /// Recall@`k`, if it was computed.
    public func recall(at k: Int) -> Double? { recallAtK[String(k)] }
}

/// How well a constrained search mode (other brand, other category) does its job: among each
/// query's top K results under the mode, the share that meet the mode's constraint and share
/// the query's attributes (colour, metal, stone, pattern, …).
public struct ConstrainedRetrievalReport: Codable, Equatable, Sendable {
    public var mode: SearchMode
    public var k: Int
    /// Share of the K slots per query filled by a result that meets the constraint and has
    /// every attribute of the query with the same value. A query with fewer than K allowed
    /// products counts its empty slots as misses.
    public var attributeMatchShare: Double
    /// The same share for results that merely meet the constraint (1 when the search applies
    /// the mode; below 1 when measured on unconstrained results, see `unconstrainedShare`).
    public var constraintShare: Double
    /// For comparison: the share of the plain (mode `any`) top K meeting the constraint — how
    /// often similarity alone would already have given such results.
    public var unconstrainedShare: Double
    public var queries: Int

    enum CodingKeys: String, CodingKey {
        case mode, k, attributeMatchShare = "attribute_match_share", constraintShare = "constraint_share"
        case unconstrainedShare = "unconstrained_share", queries
    }
}
