import Foundation
import Testing
@testable import VitrineImaging

/// The hand-written PNG files of scripts/make_png_fixtures.py and the samples they hold.
enum Fixtures {
    struct Expected: Decodable {
        let channels: Int
        let height: Int
        let width: Int
        let maxval: Int
        let samples: [Int]
    }

    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static let expected: [String: Expected] = {
        let data = try! Data(contentsOf: url("expected.json"))
        return try! JSONDecoder().decode([String: Expected].self, from: data)
    }()

    static var names: [String] { expected.keys.sorted() }
}

/// A fresh empty directory for files a test writes.
func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-imaging-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Largest absolute difference between two equally long sample arrays.
func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "\(a.count) vs \(b.count) samples")
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
