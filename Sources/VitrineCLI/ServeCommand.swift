import ArgumentParser
import Dispatch
import Foundation
import Logging
import VitrineServing

/// `vitrine serve`: embedding models and their search indexes over HTTP.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve models over HTTP: Open Inference Protocol v2, product search, matching and embedding, Prometheus metrics.",
        discussion: """
            Endpoints: GET /v2/health/live, /v2/health/ready, /v2/models/NAME, /v2/models/NAME/ready; \
            POST /v2/models/NAME/infer (JSON tensors); POST /v1/search?k=&mode=&category=&model=, \
            POST /v1/match?price=&k=&category=&model= and POST /v1/embed?model= (a PNG or JPEG photo as the body \
            or as the image part of a multipart form); GET /metrics. SIGTERM or SIGINT stops accepting, \
            answers every request already accepted and exits 0. See docs/serving.md.
            """)

    @Option(name: .customLong("model"), help: "NAME=CHECKPOINT[:INDEX.h5]; repeat for several models.")
    var models: [String] = []
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port).") var port = 8080
    @Option(help: "Requests that may wait per model (0...100000); one more gets 503 with Retry-After.") var queue = 64
    @Option(help: "Copies of each model, each serving one request at a time (1...64).") var replicas = 1
    @Option(name: .customLong("max-body"), help: "The largest request body (e.g. 8MB, 512KB); a larger one gets 413.")
    var maxBody = ByteCount(bytes: 8 << 20)
    @Flag(name: .customLong("no-fold"), help: "Keep batch norm unfolded (for comparison).") var noFold = false

    func validate() throws {
        guard !models.isEmpty else { throw ValidationError("name at least one --model NAME=CHECKPOINT[:INDEX.h5]") }
        try OptionRange.check("port", port, 0...65_535)
        try OptionRange.check("queue", queue, 0...100_000)
        try OptionRange.check("replicas", replicas, 1...64)
        try OptionRange.check("max-body", maxBody.bytes, 1...(1 << 30))
    }

    func run() throws {
        let settings = ServerSettings(host: host, port: port, queueCapacity: queue, replicas: replicas, maxBodyBytes: maxBody.bytes,
                                      foldBatchNorm: !noFold)
        let server = try InferenceServer(models: try models.map(ModelRegistration.init(parsing:)), settings: settings)
        for summary in server.modelSummaries { print(summary) }
        print("serving on http://\(host):\(port) (queue \(queue) per model, \(replicas) replica(s), bodies up to \(maxBody))")
        // The command is synchronous (as the root command is); the server runs on Swift's
        // concurrency pool until SIGTERM or SIGINT has drained it.
        let stopped = DispatchSemaphore(value: 0)
        let outcome = ServeOutcome()
        Task {
            do { try await server.application(logger: Logger(label: "vitrine-serve")).runService() } catch { outcome.error = error }
            stopped.signal()
        }
        stopped.wait()
        if let error = outcome.error { throw error }
        // The count lets a client check that none of its accepted searches went unanswered.
        print("stopped after answering every accepted request (searches answered 200: \(server.metrics.responseCount(endpoint: "search", status: 200)))")
    }
}

/// How the server task ended, handed back to the waiting command.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}
