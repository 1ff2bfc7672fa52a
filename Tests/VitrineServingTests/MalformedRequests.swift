import Foundation
import Hummingbird
import NIOCore

/// A seeded stream of requests no server should accept: random bytes, truncated and forged PNGs,
/// absurd declared dimensions, wrong content types, invalid JSON, tensors of the wrong shape or
/// datatype, bad query parameters, unknown paths, oversized bodies.
struct MalformedRequests {
    struct Request {
        var uri: String
        var method: HTTPRequest.Method
        var headers: HTTPFields
        var body: ByteBuffer?
        var kind: String
    }

    /// SplitMix64: a fixed sequence for a fixed seed, so a failure can be replayed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The bytes of the IEND chunk that ends every PNG: decoders stop before it.
    static let iendLength = 12
    let validPNG: [UInt8]
    let maxBody: Int
    let channels: Int
    let size: Int
    var random: Random

    init(validPNG: Data, maxBody: Int, channels: Int, size: Int, seed: UInt64) {
        self.validPNG = [UInt8](validPNG)
        self.maxBody = maxBody
        self.channels = channels
        self.size = size
        random = Random(state: seed)
    }

    static let kinds = ["random bytes", "truncated PNG", "absurd dimensions", "corrupted PNG", "wrong content type",
                        "invalid JSON", "wrong tensor", "bad query", "unknown path", "oversized body"]

    mutating func next(_ number: Int) -> Request {
        let kind = Self.kinds[number % Self.kinds.count]
        let imageEndpoint = Bool.random(using: &random) ? "/v1/search" : "/v1/embed"
        let png: HTTPFields = [.contentType: "image/png"], json: HTTPFields = [.contentType: "application/json"]
        switch kind {
        case "random bytes":
            let count = Int.random(in: 0...3_000, using: &random)
            return Request(uri: imageEndpoint, method: .post, headers: png, body: buffer((0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }), kind: kind)
        case "truncated PNG":
            // Cut before the final IEND chunk (12 bytes): without only IEND the pixels are all
            // there, and decoding them is right.
            let cut = Int.random(in: 0..<(validPNG.count - Self.iendLength), using: &random)
            return Request(uri: imageEndpoint, method: .post, headers: png, body: buffer(Array(validPNG[..<cut])), kind: kind)
        case "absurd dimensions":
            let sides: [UInt32] = [0, 1 << 16, 1 << 20, UInt32(Int32.max), UInt32.max, 70_000]
            let width = sides.randomElement(using: &random)!, height = sides.randomElement(using: &random)!
            return Request(uri: imageEndpoint, method: .post, headers: png, body: buffer(Self.pngHeader(width: width, height: height)), kind: kind)
        case "corrupted PNG":
            var bytes = validPNG
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                // XOR with a non-zero byte: the byte always changes.
                bytes[Int.random(in: 8..<(bytes.count - Self.iendLength), using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            }
            return Request(uri: imageEndpoint, method: .post, headers: png, body: buffer(bytes), kind: kind)
        case "wrong content type":
            // A PNG where JSON is expected, or JSON where an image is.
            return Bool.random(using: &random)
                ? Request(uri: "/v2/models/quick/infer", method: .post, headers: png, body: buffer(validPNG), kind: kind)
                : Request(uri: imageEndpoint, method: .post, headers: json, body: ByteBuffer(string: "{\"inputs\": []}"), kind: kind)
        case "invalid JSON":
            let valid = inferBody(shape: [1, channels, size, size], datatype: "FP32", count: channels * size * size)
            let cut = Int.random(in: 0..<valid.utf8.count, using: &random)
            let variants = [String(valid.utf8.prefix(cut))!, "[]", "null", "{\"inputs\": {}}", "{\"inputs\": [1, 2]}", "{'inputs': []}",
                            "{\"inputs\": [{\"name\": 1}]}", "\u{0}\u{1}", ""]
            return Request(uri: "/v2/models/quick/infer", method: .post, headers: json,
                           body: ByteBuffer(string: variants.randomElement(using: &random)!), kind: kind)
        case "wrong tensor":
            let shapes: [[Int]] = [[], [1], [1, channels, size], [0, channels, size, size], [65, channels, size, size],
                                   [1, channels + 1, size, size], [1, channels, size * 2, size], [-1, channels, size, size],
                                   [1, channels, 1 << 40, 1 << 40], [Int.max, Int.max, Int.max, Int.max]]
            let shape = shapes.randomElement(using: &random)!
            let datatype = ["FP32", "FP64", "INT8", "BYTES", "fp32", ""].randomElement(using: &random)!
            let wellShaped = shape == [1, channels, size, size]
            // A well-shaped FP32 tensor gets a wrong value count, so every variant is wrong.
            let count = wellShaped && datatype == "FP32" ? channels * size * size - 1 : Int.random(in: 0...64, using: &random)
            return Request(uri: "/v2/models/quick/infer", method: .post, headers: json,
                           body: ByteBuffer(string: inferBody(shape: shape, datatype: datatype, count: count)), kind: kind)
        case "bad query":
            let query = ["k=0", "k=-3", "k=abc", "k=99999999999999999999999", "k=1001", "mode=nearest", "mode=", "model=ghost",
                         "model=", "k=5&mode=other-brand&model=../../etc"].randomElement(using: &random)!
            let endpoint = imageEndpoint == "/v1/embed" ? "/v1/embed?k=5" : "/v1/search"
            return Request(uri: endpoint + (endpoint.contains("?") ? "&" : "?") + query, method: .post, headers: png, body: buffer(validPNG), kind: kind)
        case "unknown path":
            let path = ["/", "/v2", "/v2/models", "/v2/models/ghost", "/v2/models/ghost/infer", "/v2/models/quick/ready/extra",
                        "/v3/search", "/v1/searches", "/%00", "/v1/embed/../search"].randomElement(using: &random)!
            let method: HTTPRequest.Method = [.get, .post, .put, .delete, .patch].randomElement(using: &random)!
            return Request(uri: path, method: method, headers: [:], body: method == .get ? nil : buffer(validPNG), kind: kind)
        default:
            let count = maxBody + Int.random(in: 1...50_000, using: &random)
            return Request(uri: imageEndpoint, method: .post, headers: png, body: buffer([UInt8](repeating: 0x89, count: count)), kind: kind)
        }
    }

    private func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    private func inferBody(shape: [Int], datatype: String, count: Int) -> String {
        let values = (0..<count).map { String(Float($0 % 7) / 7) }.joined(separator: ",")
        return "{\"inputs\": [{\"name\": \"input\", \"shape\": \(shape), \"datatype\": \"\(datatype)\", \"data\": [\(values)]}]}"
    }

    /// A PNG signature, an IHDR declaring `width` × `height` RGB (with a correct CRC, so the
    /// decoder reaches the size check), an empty IDAT and IEND.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let typed = Array(type.utf8) + data
            return bigEndian(UInt32(data.count)) + typed + bigEndian(crc32(typed))
        }
        let header = bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", []) + chunk("IEND", [])
    }

    /// The CRC-32 PNG chunks carry (ISO 3309, reflected, polynomial 0xEDB88320).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
