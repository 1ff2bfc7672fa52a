import VitrineEngine

/// Human skin and hair colours, from very light to very dark.
enum SkinTone {
    static let tones: [RGB] = [0xF6D7C3, 0xEAC0A0, 0xD8A47F, 0xC68A62, 0xA86E4A, 0x8A5636, 0x6A3F26, 0x4A2C1C]
        .map { RGB(hex: $0) }
    static let hair: [RGB] = [0x1A1410, 0x3B2A1E, 0x6A4A2E, 0xA8783E, 0xD8B878, 0x8C8C8C, 0x7A2E1A].map { RGB(hex: $0) }

    /// A tone between two neighbouring palette entries.
    static func random(_ g: Generator) -> RGB {
        let k = g.int(below: tones.count - 1)
        return tones[k].mixed(with: tones[k + 1], g.float(0, 1))
    }
}
