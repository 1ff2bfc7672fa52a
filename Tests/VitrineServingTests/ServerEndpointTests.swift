import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitrineImaging
import VitrineServing
import VitrineTestSupport

@Suite struct ServerEndpointTests {
    let fixture: ServingFixture
    init() throws { fixture = try ServingFixture() }

    @Test func healthAndReadiness() async throws {
        try await fixture.server().application(logger: ServingFixture.quietLogger).test(.live) { client in
            do {
                let response = try await client.execute(uri: "/v2/health/live", method: .get)
                #expect(response.status == .ok)
                #expect(try response.json()["live"] as? Bool == true)
            }
            do {
                let response = try await client.execute(uri: "/v2/health/ready", method: .get)
                #expect(try response.json()["ready"] as? Bool == true)
            }
            do {
                let response = try await client.execute(uri: "/v2/models/quick/ready", method: .get)
                #expect(response.status == .ok)
                #expect(try response.json()["ready"] as? Bool == true)
            }
        }
    }

    @Test func modelMetadataCarriesTheSignature() async throws {
        try await fixture.server().application(logger: ServingFixture.quietLogger).test(.live) { client in
            do {
                let response = try await client.execute(uri: "/v2/models/quick", method: .get)
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["name"] as? String == "quick")
                let input = (json["inputs"] as? [[String: Any]])?.first
                #expect(input?["shape"] as? [Int] == [-1, 3, 16, 16])
                #expect(input?["datatype"] as? String == "FP32")
                let parameters = json["parameters"] as? [String: Any]
                #expect(parameters?["signature_origin"] as? String == "derived_from_config")
                #expect(parameters?["index_entries"] as? Int == 12)
                #expect((parameters?["folded_batch_norms"] as? Int ?? 0) == 2)
                #expect((parameters?["signature"] as? [String: Any])?["colour"] as? String == "rgb")
            }
            do {
                let response = try await client.execute(uri: "/v2/models/other", method: .get)
                #expect(response.status == .notFound)
                #expect(try response.errorMessage().contains("this server serves quick"))
            }
            do {
                let response = try await client.execute(uri: "/v2/models/other/ready", method: .get)
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func inferReturnsTheEmbeddingOfEachImage() async throws {
        let pixels = (0..<2).flatMap { i in fixture.images[i].pixels }
        let body = try JSONSerialization.data(withJSONObject: [
            "id": "req-1",
            "inputs": [["name": "input", "shape": [2, 3, 16, 16], "datatype": "FP32", "data": pixels]],
        ])
        try await fixture.server().application(logger: ServingFixture.quietLogger).test(.live) { client in
            let embed = try await client.execute(uri: "/v1/embed", method: .post, body: try fixture.png(1)) { try $0.json() }
            do {
                let response = try await client.execute(uri: "/v2/models/quick/infer", method: .post, body: ByteBuffer(bytes: body))
                #expect(response.status == .ok)
                let json = try response.json()
                #expect(json["model_name"] as? String == "quick")
                #expect(json["id"] as? String == "req-1")
                let output = (json["outputs"] as? [[String: Any]])?.first
                #expect(output?["shape"] as? [Int] == [2, 8])
                let data = output?["data"] as? [Double] ?? []
                #expect(data.count == 16)
                // The second image's row is the embedding /v1/embed gives for its PNG.
                let single = embed["embedding"] as? [Double] ?? []
                #expect(single.count == 8)
                for (a, b) in zip(data[8...], single) { #expect(abs(a - b) < 1e-4) }
            }
        }
    }

    @Test func searchFindsTheProductWhosePhotoIsSent() async throws {
        try await fixture.server().application(logger: ServingFixture.quietLogger).test(.live) { client in
            for i in [0, 5, 11] {
                do {
                    let response = try await client.execute(uri: "/v1/search?k=5", method: .post, body: try fixture.png(i))
                    #expect(response.status == .ok)
                    let results = try response.json()["results"] as? [[String: Any]] ?? []
                    #expect(results.count == 5)
                    let top = results.first?["item"] as? [String: Any]
                    #expect(top?["product_id"] as? String == "P\(i)")
                    #expect(top?["price"] as? Double == Double(i) + 0.5)
                    #expect(abs((results.first?["score"] as? Double ?? 0) - 1) < 1e-4)
                }
            }
            do {
                let response = try await client.execute(uri: "/v1/search?k=20&category=rings", method: .post, body: try fixture.png(3))
                let results = try response.json()["results"] as? [[String: Any]] ?? []
                #expect(results.count == 6)
                #expect(results.allSatisfy { ($0["item"] as? [String: Any])?["category"] as? String == "rings" })
            }
        }
    }

    @Test func metricsCountResponsesAndTimeTheQueue() async throws {
        try await fixture.server().application(logger: ServingFixture.quietLogger).test(.live) { client in
            _ = try await client.execute(uri: "/v1/embed", method: .post, body: try fixture.png(0))
            _ = try await client.execute(uri: "/v1/embed", method: .post, body: ByteBuffer(string: "not an image"))
            do {
                let response = try await client.execute(uri: "/metrics", method: .get)
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("vitrine_requests_total{endpoint=\"embed\",status=\"200\"} 1"))
                #expect(text.contains("vitrine_requests_total{endpoint=\"embed\",status=\"400\"} 1"))
                #expect(text.contains("vitrine_queue_depth{model=\"quick\"} 0"))
                #expect(text.contains("vitrine_queue_wait_seconds_count{model=\"quick\"} 1"))
                #expect(text.contains("vitrine_compute_seconds_bucket{model=\"quick\",le=\"+Inf\"} 1"))
            }
        }
    }

    @Test func errorsAreJSONWithTheStatusThatFits() async throws {
        let settings = ServerSettings(port: 0, maxBodyBytes: 4_096)
        try await fixture.server(settings).application(logger: ServingFixture.quietLogger).test(.live) { client in
            let cases: [(String, HTTPRequest.Method, ByteBuffer?, HTTPResponse.Status, String)] = [
                ("/v1/search", .post, ByteBuffer(bytes: [UInt8](repeating: 7, count: 5_000)), .contentTooLarge, "limit of 4096 bytes"),
                ("/v1/search", .post, ByteBuffer(string: "hello"), .badRequest, "not a PNG"),
                ("/v1/search", .post, nil, .badRequest, "the body is empty"),
                ("/v1/search", .post, ByteBuffer(bytes: [0xFF, 0xD8, 0xFF, 0xE0, 1, 2]), .badRequest, "not a decodable JPEG"),
                ("/v1/search?k=0", .post, try fixture.png(0), .badRequest, "k must be an integer within 1...1000"),
                ("/v1/search?mode=sideways", .post, try fixture.png(0), .badRequest, "mode 'sideways'"),
                ("/v1/search?model=nope", .post, try fixture.png(0), .notFound, "no model 'nope'"),
                ("/v2/models/quick/infer", .post, ByteBuffer(string: "{"), .badRequest, "invalid JSON"),
                ("/v2/models/quick/infer", .post, ByteBuffer(string: "{\"inputs\": []}"), .badRequest, "exactly one input"),
                ("/v2/nothing", .get, nil, .notFound, "the endpoints are"),
            ]
            for (uri, method, body, status, fragment) in cases {
                do {
                    let response = try await client.execute(uri: uri, method: method, body: body)
                    #expect(response.status == status, "\(method) \(uri)")
                    #expect(response.headers[.contentType] == "application/json", "\(method) \(uri)")
                    let message = try response.errorMessage()
                    #expect(message.contains(fragment), "\(method) \(uri): \(message)")
                }
            }
        }
    }

    @Test func searchWithoutAnIndexSaysHowToRegisterOne() async throws {
        try await fixture.server(withIndex: false).application(logger: ServingFixture.quietLogger).test(.live) { client in
            do {
                let response = try await client.execute(uri: "/v1/search", method: .post, body: try fixture.png(0))
                #expect(response.status == .badRequest)
                #expect(try response.errorMessage().contains("quick=\(fixture.checkpoint):INDEX.h5"))
            }
        }
    }
}

/// Phones send JPEG: a product photo encoded by Pillow finds its product (at full quality and
/// without chroma subsampling: the fixture's 16 px stripes are all detail, which a phone's
/// settings would blur into another product's).
@Suite(.enabled(if: pythonCanImport(["PIL", "numpy"]), "needs Pillow and numpy (scripts/setup installs them)"))
struct JPEGSearchTests {
    @Test func aJPEGPhotoFindsItsProduct() async throws {
        let fixture = try ServingFixture()
        let png = fixture.directory.file("p4.png"), jpeg = fixture.directory.file("p4.jpg")
        try PNG.write(fixture.images[4], to: URL(fileURLWithPath: png))
        _ = try runPython("import sys; from PIL import Image; Image.open(sys.argv[1]).convert('RGB').save(sys.argv[2], quality=100, subsampling=0)", [png, jpeg])
        let body = ByteBuffer(bytes: try Data(contentsOf: URL(fileURLWithPath: jpeg)))
        try await fixture.server().application(logger: ServingFixture.quietLogger).test(.live) { client in
            let response = try await client.execute(uri: "/v1/search?k=3", method: .post, headers: [.contentType: "image/jpeg"], body: body)
            #expect(response.status == .ok)
            let top = (try response.json()["results"] as? [[String: Any]])?.first?["item"] as? [String: Any]
            #expect(top?["product_id"] as? String == "P4")
        }
    }
}
