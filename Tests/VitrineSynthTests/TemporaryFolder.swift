import Foundation

/// A fresh folder under the temporary directory, removed by the test when done.
struct TemporaryFolder {
    let path: String

    init(_ name: String = "synth") {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
    }

    /// Every file under the folder by relative path, with its bytes.
    func files() throws -> [String: Data] {
        var out: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = path + "/" + relative
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[relative] = FileManager.default.contents(atPath: full)
            }
        }
        return out
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
