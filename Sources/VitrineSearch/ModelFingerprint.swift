import VitrineEngine
import VitrineNN

/// A short hash of a model's weights, stored in an index as its `checkpoint_hash`, so that a
/// query embedded by another model is refused (embeddings of different weights are not
/// comparable).
///
/// It hashes what determines the embedding — every state-dict entry's name, shape and Float32
/// bytes, in state-dict order — rather than the checkpoint file, whose metadata (step,
/// metrics, timestamps) may change while the weights do not. FNV-1a, 64 bits, printed as 16
/// hex digits: an identity check against mistakes, not a defence against forgery.
public enum ModelFingerprint {
    public static func of(_ model: Module) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        for (name, tensor) in model.stateDict() {
            mix(name.utf8)
            mix(tensor.shape.description.utf8)
            mix(UnsafeRawBufferPointer(start: tensor.data, count: tensor.count * MemoryLayout<Float>.stride))
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
