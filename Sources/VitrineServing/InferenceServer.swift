import Foundation
import Hummingbird
import Logging
import VitrineEngine
import VitrineInference
import VitrineSearch
import VitrineVisualSearch

/// The HTTP server of `vitrine serve`: registered models behind their replica pools, answering
/// the Open Inference Protocol v2 subset (health, model metadata and readiness, infer with JSON
/// tensors), product search and embedding of a raw image body, and Prometheus metrics.
///
/// Every error is JSON `{"error": …}` with a status that says whose fault it is: 400 for a
/// request that cannot be served as sent, 404 for an unknown model or endpoint, 413 for a body
/// over the limit, 503 with `Retry-After` when a model's queue is full. A request admitted to a
/// queue is always answered, and replicas take queued requests in arrival order.
public final class InferenceServer: Sendable {
    public let settings: ServerSettings
    public let metrics = ServingMetrics()
    let models: [String: ServedModel]
    /// Registration order, for messages and metrics.
    let modelNames: [String]

    static let endpoints = "GET /v2/health/live, GET /v2/health/ready, GET /v2/models/{name}, GET /v2/models/{name}/ready, "
        + "POST /v2/models/{name}/infer, POST /v1/search, POST /v1/embed, GET /metrics"

    /// Loads every model (and index) before anything is served: a model that does not load, or an
    /// index built by another model, stops the start-up with a message naming the files.
    public init(models registrations: [ModelRegistration], settings: ServerSettings) throws {
        guard !registrations.isEmpty else { throw ServerSetupError("no model to serve; register one with --model NAME=CHECKPOINT[:INDEX.h5]") }
        guard settings.replicas >= 1 else { throw ServerSetupError("--replicas must be at least 1, got \(settings.replicas)") }
        guard settings.queueCapacity >= 0 else { throw ServerSetupError("--queue must be 0 or more, got \(settings.queueCapacity)") }
        guard settings.maxBodyBytes >= 1 else { throw ServerSetupError("--max-body must be at least 1 byte, got \(settings.maxBodyBytes)") }
        var models: [String: ServedModel] = [:]
        for registration in registrations {
            guard models[registration.name] == nil else {
                throw ServerSetupError("the model name '\(registration.name)' is registered twice; give each --model its own name")
            }
            models[registration.name] = try ServedModel(registration, replicas: settings.replicas, queueCapacity: settings.queueCapacity,
                                                        foldBatchNorm: settings.foldBatchNorm)
        }
        self.settings = settings
        self.models = models
        modelNames = registrations.map(\.name)
    }

    /// One line per model for the start-up log: its files, signature and where it came from.
    public var modelSummaries: [String] {
        modelNames.map { name in
            let model = models[name]!, signature = model.signature
            let origin = model.signatureOrigin == .recorded ? "recorded in the checkpoint"
                : "derived from the saved config (the checkpoint predates recorded signatures)"
            return "model \(name): \(model.registration.checkpoint), input \(signature.colour) \(signature.size)×\(signature.size) "
                + "in [0, 1] (\(origin)), \(model.foldedBatchNorms) batch norms folded"
                + (model.indexCount.map { ", index \(model.registration.index!) of \($0) images" } ?? ", no index")
        }
    }

    /// The application to run (`runService()` stops accepting on SIGTERM or SIGINT and finishes
    /// the requests it accepted) or to test in-process.
    public func application(logger: Logger) -> some ApplicationProtocol {
        Application(router: router(), configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "vitrine"),
                    logger: logger)
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.middlewares.add(JSONErrorMiddleware(metrics: metrics, endpoints: Self.endpoints, maxBodyBytes: settings.maxBodyBytes))
        router.get("/v2/health/live") { _, _ in try Self.json(["live": true]) }
        router.get("/v2/health/ready") { _, _ in try Self.json(["ready": true]) }
        router.get("/v2/models/:name") { _, context in
            try Self.json(self.metadata(try self.model(named: context.parameters.require("name"))))
        }
        router.get("/v2/models/:name/ready") { _, context in
            try Self.json(ModelReadiness(name: try self.model(named: context.parameters.require("name")).name, ready: true))
        }
        router.post("/v2/models/:name/infer") { request, context in
            let model = try self.model(named: context.parameters.require("name"))
            return try Self.json(try await self.infer(model, body: try await self.body(of: request)))
        }
        router.post("/v1/search") { request, _ in try await self.search(request) }
        router.post("/v1/embed") { request, _ in try await self.embed(request) }
        router.get("/metrics") { _, _ in
            let depths = Dictionary(uniqueKeysWithValues: self.models.map { ($0.key, $0.value.pool.queueDepth) })
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: ResponseBody(byteBuffer: ByteBuffer(string: self.metrics.render(queueDepths: depths))))
        }
        return router
    }

    // MARK: Requests

    private func model(named name: String) throws -> ServedModel {
        guard let model = models[name] else {
            throw ServingError.notFound("no model '\(name)'; this server serves \(modelNames.joined(separator: ", "))")
        }
        return model
    }

    /// The model a product endpoint names with `?model=`, or the only one served.
    private func model(for request: Request) throws -> ServedModel {
        if let name = request.uri.queryParameters["model"] { return try model(named: String(name)) }
        guard modelNames.count == 1 else {
            throw ServingError.badRequest("this server serves several models (\(modelNames.joined(separator: ", "))); name one with ?model=NAME")
        }
        return models[modelNames[0]]!
    }

    /// The whole body, refused with 413 beyond the limit (by its declared length before reading it).
    private func body(of request: Request) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > settings.maxBodyBytes {
            throw ServingError(.contentTooLarge, "the body is \(declared) bytes, more than the server's limit of "
                + "\(settings.maxBodyBytes) bytes; send a smaller image (or start the server with a larger --max-body)")
        }
        var request = request
        let buffer = try await request.collectBody(upTo: settings.maxBodyBytes)
        return Data(buffer.readableBytesView)
    }

    /// Runs `work` on one of `model`'s replicas in arrival order, timing the wait and the work.
    private func run<T>(_ model: ServedModel, _ work: @escaping (ServingReplica) throws -> T) async throws -> T {
        do {
            return try await model.pool.withReplica { replica, waited in
                let start = DispatchTime.now().uptimeNanoseconds
                defer {
                    metrics.observe(model: model.name, queueWait: waited,
                                    compute: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                }
                return try work(replica)
            }
        } catch let ReplicaPoolError.queueFull(capacity) {
            throw ServingError(.serviceUnavailable, "model \(model.name) is at capacity (\(capacity) requests queued); retry in a second",
                               headers: [.retryAfter: "1"])
        } catch let error as InferenceError {
            throw ServingError.badRequest(error.description)
        } catch let error as SearchError {
            throw ServingError.badRequest(error.description)
        }
    }

    private func infer(_ model: ServedModel, body: Data) async throws -> InferResponse {
        let request: InferRequest
        do { request = try JSONDecoder().decode(InferRequest.self, from: body) } catch {
            throw ServingError.badRequest("the body is not an infer request: \(Self.describe(error)); send "
                + "{\"inputs\": [{\"name\": \"input\", \"shape\": [N, C, H, W], \"datatype\": \"FP32\", \"data\": [...]}]}")
        }
        let input = try InferInput(request, signature: model.signature)
        let output = try await run(model) { replica in try replica.model.embed(batch: input.batch).array }
        return InferResponse(modelName: model.name, id: request.id, outputs: [
            InferTensor(name: "embedding", shape: [input.batch.shape[0], output.count / input.batch.shape[0]], datatype: "FP32", data: output),
        ])
    }

    /// Refuses query parameters `endpoint` does not take: a misspelt `catgory=` silently ignored
    /// would return unfiltered results as if filtered.
    private func requireParameters(of request: Request, within known: [String], endpoint: String) throws {
        if let unknown = request.uri.queryParameters.first(where: { !known.contains(String($0.key)) }) {
            throw ServingError.badRequest("\(endpoint) takes no parameter '\(unknown.key)'; it takes \(known.joined(separator: ", "))")
        }
    }

    private func search(_ request: Request) async throws -> Response {
        try requireParameters(of: request, within: ["model", "k", "mode", "category"], endpoint: "/v1/search")
        let model = try self.model(for: request)
        let query = request.uri.queryParameters
        let k = try Self.integer(query["k"].map(String.init), name: "k", default: 50, range: 1...ServerSettings.maxResults)
        let modeName = query["mode"].map(String.init) ?? SearchMode.any.rawValue
        guard let mode = SearchMode(rawValue: modeName) else {
            throw ServingError.badRequest("mode '\(modeName)' is not one of \(SearchMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let category = query["category"].map(String.init)
        guard model.indexCount != nil else {
            throw ServingError.badRequest("model \(model.name) has no index to search; register it as "
                + "\(model.name)=\(model.registration.checkpoint):INDEX.h5, or use /v1/embed")
        }
        let image = try QueryImage.decode(try await body(of: request))
        let start = DispatchTime.now().uptimeNanoseconds
        let matches = try await run(model) { replica in try replica.search!.search(image, k: k, mode: mode, category: category) }
        return try Self.json(SearchResponse(model: model.name, mode: mode.rawValue, category: category, results: matches,
                                            milliseconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6))
    }

    private func embed(_ request: Request) async throws -> Response {
        try requireParameters(of: request, within: ["model"], endpoint: "/v1/embed")
        let model = try self.model(for: request)
        let image = try QueryImage.decode(try await body(of: request))
        let embedding = try await run(model) { replica in try replica.model.embed(image) }
        return try Self.json(EmbedResponse(model: model.name, dimension: embedding.count, embedding: embedding))
    }

    private func metadata(_ model: ServedModel) -> ModelMetadata {
        let signature = model.signature
        return ModelMetadata(
            name: model.name, platform: "vitrine",
            inputs: [TensorMetadata(name: "input", datatype: "FP32", shape: [-1, signature.channels, signature.size, signature.size])],
            outputs: [TensorMetadata(name: "embedding", datatype: "FP32", shape: [-1, signature.outputDimension])],
            parameters: .init(signature: signature, signatureOrigin: model.signatureOrigin == .recorded ? "recorded" : "derived_from_config",
                              fingerprint: model.fingerprint, foldedBatchNorms: model.foldedBatchNorms, indexEntries: model.indexCount,
                              replicas: model.pool.replicaCount, queueCapacity: model.pool.queueCapacity))
    }

    // MARK: Helpers

    static func json<T: Encodable>(_ value: T) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    /// A query parameter as an integer in `range`, or 400 naming it.
    static func integer(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw ServingError.badRequest("\(name) must be an integer within \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return number
    }

    /// A decoding error as a client can act on it: what was wrong and where.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        }
        switch error {
        case let .dataCorrupted(context): return "invalid JSON (\(at(context)))"
        case let .keyNotFound(key, context): return "missing key '\(key.stringValue)' (\(at(context)))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context): return "wrong type (\(at(context)))"
        @unknown default: return "\(error)"
        }
    }
}
