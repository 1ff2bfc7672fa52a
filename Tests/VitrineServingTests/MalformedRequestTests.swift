import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VitrineImaging
import VitrineServing

@Suite struct MalformedRequestTests {
    /// 1,200 requests no server should accept: every answer a 4xx with a JSON message, no crash,
    /// no hang, and the server still answers a good request afterwards.
    @Test func everyMalformedRequestGetsA4xxWithAMessage() async throws {
        let fixture = try ServingFixture(products: 4)
        let maxBody = 64 << 10
        let server = try fixture.server(ServerSettings(port: 0, maxBodyBytes: maxBody))
        var requests = MalformedRequests(validPNG: try PNG.encode(fixture.images[0]), maxBody: maxBody, channels: 3,
                                         size: fixture.size, seed: 16)
        let count = 1_200
        try await server.application(logger: ServingFixture.quietLogger).test(.live) { client in
            var statuses: [Int: Int] = [:]
            var kindsSeen = Set<String>()
            for number in 0..<count {
                let request = requests.next(number)
                let response = try await client.execute(uri: request.uri, method: request.method, headers: request.headers, body: request.body)
                statuses[response.status.code, default: 0] += 1
                kindsSeen.insert(request.kind)
                #expect((400..<500).contains(response.status.code), "\(request.kind) \(request.method) \(request.uri): \(response.status)")
                let message = try? response.errorMessage()
                #expect(message?.isEmpty == false, "\(request.kind) \(request.method) \(request.uri): no error message in \(String(buffer: response.body).prefix(200))")
            }
            #expect(kindsSeen.count == MalformedRequests.kinds.count)
            #expect(statuses.values.reduce(0, +) == count)
            let good = try await client.execute(uri: "/v1/search?k=1", method: .post, body: try fixture.png(2))
            #expect(good.status == .ok)
        }
    }

    @Test func aForgedHeaderDeclaringAHugeImageIsRefusedBeforeDecoding() async throws {
        let fixture = try ServingFixture(products: 2)
        try await fixture.server().application(logger: ServingFixture.quietLogger).test(.live) { client in
            let body = ByteBuffer(bytes: MalformedRequests.pngHeader(width: 1 << 20, height: 1 << 20))
            let response = try await client.execute(uri: "/v1/embed", method: .post, body: body)
            #expect(response.status == .badRequest)
            #expect(try response.errorMessage().contains("1048576×1048576"))
        }
    }
}
