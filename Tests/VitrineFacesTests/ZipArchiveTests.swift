import Foundation
import Testing
import VitrineData

@Suite struct ZipArchiveTests {
    @Test func storedAndDeflatedMembers() throws {
        let archive = try ZipArchive(path: Fixtures.path("tiny.zip"))
        #expect(archive.entries.map(\.path) == ["pkg/data/stored.txt", "pkg/data/deflated.txt"])
        #expect(archive.entries.map(\.method) == [0, 8])
        let stored = try archive.contents(of: archive.entry("pkg/data/stored.txt")!)
        #expect(String(decoding: stored, as: UTF8.self) == "stored bytes\n")
        // Found by its tail too, as a wheel's data files are.
        let deflated = try archive.contents(of: archive.entry("data/deflated.txt")!)
        #expect(String(decoding: deflated, as: UTF8.self) == String(repeating: "deflated ", count: 200))
        #expect(archive.entry("missing.txt") == nil)
    }

    @Test func damageIsReported() throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tiny.zip")))
        let archive = try ZipArchive(data: data, name: "t.zip")
        // Flip a byte of the stored member's contents: the CRC-32 no longer matches.
        let offset = data.range(of: Data("stored bytes".utf8))!.lowerBound
        data[offset] ^= 0x20
        let damaged = try ZipArchive(data: data, name: "t.zip")
        #expect(throws: DataError.self) { try damaged.contents(of: damaged.entries[0]) }
        do {
            _ = try damaged.contents(of: damaged.entries[0])
        } catch {
            #expect("\(error)".hasPrefix("t.zip: pkg/data/stored.txt: CRC-32 "))
        }
        #expect(try archive.contents(of: archive.entries[0]).count == 13)
        #expect(throws: DataError("n.zip", "not a ZIP archive (no end-of-central-directory record)")) {
            try ZipArchive(data: Data("not a zip at all, just some text".utf8), name: "n.zip")
        }
    }
}
