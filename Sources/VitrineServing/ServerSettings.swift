/// How `vitrine serve` listens and how much work it takes on.
public struct ServerSettings: Equatable, Sendable {
    public var host: String
    /// 0 asks the system for a free port (tests).
    public var port: Int
    /// Requests that may wait for a replica, per model; one more gets 503 at once.
    public var queueCapacity: Int
    /// Copies of each model, each serving one request at a time.
    public var replicas: Int
    /// The largest request body accepted; a larger one gets 413.
    public var maxBodyBytes: Int
    /// Fold batch norm into the convolutions at load (off only to compare or to work around a
    /// model whose folding the load-time probe refuses).
    public var foldBatchNorm: Bool

    /// The most images one infer request may carry.
    public static let maxInferBatch = 64
    /// The most results a search may ask for.
    public static let maxResults = 1_000

    public init(host: String = "127.0.0.1", port: Int = 8080, queueCapacity: Int = 64, replicas: Int = 1,
                maxBodyBytes: Int = 8 << 20, foldBatchNorm: Bool = true) {
        self.host = host
        self.port = port
        self.queueCapacity = queueCapacity
        self.replicas = replicas
        self.maxBodyBytes = maxBodyBytes
        self.foldBatchNorm = foldBatchNorm
    }
}
