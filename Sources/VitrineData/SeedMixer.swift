/// Derives independent seeds from several integers (SplitMix64's finalizer applied in a chain),
/// so (seed, epoch, batch, item) give unrelated streams without any shared state.
public enum SeedMixer {
    public static func mix(_ values: UInt64...) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3
        for v in values {
            h = finalize(h ^ finalize(v &+ 0x9E37_79B9_7F4A_7C15))
        }
        return h
    }

    private static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
