import Foundation
import Testing
import VitrineEngine

enum Fixtures {
    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The released weights converted once by `vitrine import mtcnn` and committed (1.9 MB), so
    /// that the cascade tests run without the wheel.
    static var checkpoints: String { path("checkpoints") }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// facenet-pytorch 2.6.0's wheel, when this machine has it: `VITRINE_FACENET_WHEEL`, or where
    /// `python3 -m pip download --no-deps facenet-pytorch==2.6.0 -d /tmp/fp` puts it.
    static let wheel: String? = {
        let candidates = [ProcessInfo.processInfo.environment["VITRINE_FACENET_WHEEL"],
                          "/tmp/fp/facenet_pytorch-2.6.0-py3-none-any.whl"].compactMap { $0 }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }()
}

/// `{"shape": [...], "values": [...]}` as a tensor.
func tensor(_ entry: Any) throws -> Tensor {
    let dict = entry as! [String: Any]
    return try Tensor(shape: dict["shape"] as! [Int], values: (dict["values"] as! [Double]).map(Float.init))
}

/// Largest |a − b| over two tensors of the same shape (records a failure when shapes differ).
func maxDifference(_ a: Tensor, _ b: Tensor, sourceLocation: SourceLocation = #_sourceLocation) -> Float {
    #expect(a.shape == b.shape, "shape \(a.shape) vs \(b.shape)", sourceLocation: sourceLocation)
    guard a.shape == b.shape else { return .infinity }
    return (0..<a.count).reduce(0) { max($0, abs(a[$1] - b[$1])) }
}
