import Testing
import VitrineEngine
import VitrineModels
import VitrineNN
@testable import VitrineSearch

@Suite struct ModelFingerprintTests {
    /// FNV-1a 64 of the bytes of "w", "[1]" and Float 1.0 (00 00 80 3f), computed by hand with
    /// the published offset basis and prime — checked independently with Python:
    /// h = 0xcbf29ce484222325; for b in b"w[1]\x00\x00\x80?": h = ((h ^ b) * 0x100000001b3) % 2**64
    @Test func knownValueForOneParameter() throws {
        final class One: Module { let w = Parameter(Tensor(shape: [1], repeating: 1)) }
        #expect(ModelFingerprint.of(One()) == "ca867b738d4b4180")
    }

    @Test func sameWeightsSameHashAnyChangeAnotherHash() throws {
        let a = try ResNet(.resnetSmall(width: 4), head: .embedding(dimension: 8), generator: Generator(seed: 1))
        let b = try ResNet(.resnetSmall(width: 4), head: .embedding(dimension: 8), generator: Generator(seed: 1))
        let fingerprint = ModelFingerprint.of(a)
        #expect(fingerprint.count == 16)
        #expect(ModelFingerprint.of(b) == fingerprint)
        b.layer3.namedParameters()[0].1.value[5] += 1e-6
        #expect(ModelFingerprint.of(b) != fingerprint)
        let c = try ResNet(.resnetSmall(width: 4), head: .embedding(dimension: 8), generator: Generator(seed: 2))
        #expect(ModelFingerprint.of(c) != fingerprint)
    }
}
