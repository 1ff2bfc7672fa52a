import Foundation
@testable import VitrineConfig

// Helpers shared by the config test suites; each suite keeps its own schema.

func tempDir() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vitrine-config-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

func write(_ text: String, name: String = "exp.yaml", in dir: URL) throws -> String {
    let url = dir.appendingPathComponent(name)
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// The messages of the config errors `body` throws (none: an empty list).
func errors(_ body: () throws -> Void) -> [String] {
    do { try body() } catch let e as ConfigErrors { return e.errors.map(\.description) } catch {
        return ["unexpected \(error)"]
    }
    return []
}

/// Loads a file (or saved YAML) as a `classification` config of `schema`.
func load(_ file: String, _ overrides: [String] = [], schema: ConfigSchema) throws -> ResolvedConfig {
    try ConfigLoader.load(file: file, overrides: overrides, tasks: ["classification"]) { $0 == "classification" ? schema : nil }
}

func load(yaml: String, _ overrides: [String] = [], schema: ConfigSchema) throws -> ResolvedConfig {
    try ConfigLoader.load(yaml: yaml, name: "saved", overrides: overrides, tasks: ["classification"]) {
        $0 == "classification" ? schema : nil
    }
}
