import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitrineServing

@Suite struct QueueOverflowTests {
    /// More concurrent clients than one replica and a one-request queue hold: some are refused
    /// with 503 and Retry-After at once, every accepted one is answered and correct, and the
    /// server's own counts agree that none was lost.
    @Test func pastCapacitySomeAreRefusedAndEveryAcceptedRequestIsAnsweredCorrectly() async throws {
        let fixture = try ServingFixture(products: 8, architecture: .resnetSmall, size: 32)
        let server = try fixture.server(ServerSettings(port: 0, queueCapacity: 1, replicas: 1))
        let bodies = try (0..<8).map { try fixture.png($0) }
        let total = 96
        try await server.application(logger: ServingFixture.quietLogger).test(.ahc(.http)) { client in
            let outcomes = try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status, String?, String?).self) { group in
                for request in 0..<total {
                    group.addTask {
                        let product = request % bodies.count
                        let response = try await client.execute(uri: "/v1/search?k=3", method: .post, body: bodies[product])
                        if response.status == .ok {
                            let results = try response.json()["results"] as? [[String: Any]]
                            let top = results?.first?["item"] as? [String: Any]
                            return (product, response.status, top?["product_id"] as? String, nil)
                        }
                        return (product, response.status, try response.errorMessage(), response.headers[.retryAfter])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == total)
            let accepted = outcomes.filter { $0.1 == .ok }
            let refused = outcomes.filter { $0.1 == .serviceUnavailable }
            #expect(accepted.count + refused.count == total, "only 200 and 503: \(Set(outcomes.map(\.1.code)))")
            #expect(!refused.isEmpty, "no request was refused: the queue never filled")
            #expect(!accepted.isEmpty)
            for (product, _, top, _) in accepted { #expect(top == "P\(product)") }
            for (_, _, message, retryAfter) in refused {
                #expect(retryAfter == "1")
                #expect(message?.contains("at capacity") == true)
            }
            // The server computed exactly the requests it answered with 200: none accepted was dropped.
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains("vitrine_compute_seconds_count{model=\"quick\"} \(accepted.count)\n"))
            #expect(text.contains("vitrine_requests_total{endpoint=\"search\",status=\"503\"} \(refused.count)\n"))
            #expect(text.contains("vitrine_queue_depth{model=\"quick\"} 0\n"))
            #expect(try await client.execute(uri: "/v2/health/live", method: .get).status == .ok)
        }
    }
}
