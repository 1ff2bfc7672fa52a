import Foundation

/// One model to serve, as `vitrine serve --model NAME=CHECKPOINT[:INDEX.h5]` names it: the name
/// clients use in URLs, its checkpoint, and optionally the search index built from it.
public struct ModelRegistration: Equatable, Sendable {
    public var name: String
    public var checkpoint: String
    public var index: String?

    public init(name: String, checkpoint: String, index: String? = nil) {
        self.name = name
        self.checkpoint = checkpoint
        self.index = index
    }

    /// Parses `NAME=CHECKPOINT[:INDEX.h5]`. Names are what URLs carry: letters, digits, `-`, `_`, `.`.
    public init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "=") else {
            throw ServerSetupError("--model \(text): expected NAME=CHECKPOINT[:INDEX.h5], e.g. quick=checkpoints/quick/best.h5:catalog.index.h5")
        }
        name = String(text[..<equals])
        let files = String(text[text.index(after: equals)...])
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw ServerSetupError("--model \(text): the name '\(name)' must be letters, digits, '-', '_' or '.', as it appears in URLs")
        }
        // The index follows the last colon that ends a checkpoint file name (paths may hold colons).
        if let colon = files.range(of: ".h5:", options: .backwards) {
            checkpoint = String(files[..<colon.lowerBound]) + ".h5"
            index = String(files[colon.upperBound...])
        } else {
            checkpoint = files
            index = nil
        }
        guard !checkpoint.isEmpty, index?.isEmpty != true else {
            throw ServerSetupError("--model \(text): expected NAME=CHECKPOINT[:INDEX.h5] with non-empty file names")
        }
    }
}
