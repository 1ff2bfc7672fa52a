import Foundation
import Testing
@testable import VitrineData

private func tempFile(_ bytes: [UInt8]) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("idx-\(UUID().uuidString)").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
}

private func header(_ dims: [Int]) -> [UInt8] {
    [0, 0, 8, UInt8(dims.count)] + dims.flatMap { d in [24, 16, 8, 0].map { UInt8((d >> $0) & 0xFF) } }
}

@Suite struct IDXFileTests {
    @Test func readsAHandMadeFile() throws {
        let images = try tempFile(header([2, 2, 3]) + [0, 255, 51, 102, 0, 0, 1, 2, 3, 4, 5, 6])
        let labels = try tempFile(header([2]) + [7, 3])
        let set = try IDXClassificationSet(images: images, labels: labels)
        #expect(set.images.shape == [2, 1, 2, 3])
        #expect(set.labels == [7, 3])
        #expect(set.images[1] == 1)
        #expect(abs(set.images[2] - 0.2) < 1e-6)
    }

    @Test func badFilesAreErrorsNamingTheFile() throws {
        let truncated = try tempFile(header([2, 2, 3]) + [1, 2, 3])
        #expect(throws: DataError(truncated, "dimensions [2, 2, 3] need 12 bytes of data, the file holds 3")) {
            try IDXFile(path: truncated)
        }
        let notIDX = try tempFile(Array("hello world".utf8))
        #expect(throws: DataError(notIDX, "not an IDX file (the header must start with two zero bytes)")) {
            try IDXFile(path: notIDX)
        }
        let images = try tempFile(header([2, 1, 1]) + [1, 2])
        let labels = try tempFile(header([3]) + [1, 2, 3])
        #expect(throws: DataError.self) { try IDXClassificationSet(images: images, labels: labels) }
        #expect(throws: DataError("/nonexistent/x.gz", "no such file")) { try IDXFile(path: "/nonexistent/x.gz") }
    }

    @Test func fashionMNISTFromTheDebianPackage() throws {
        let dir = IDXClassificationSet.fashionMNISTDirectory
        try #require(FileManager.default.fileExists(atPath: dir), "dataset-fashion-mnist is installed by scripts/setup")
        let test = try IDXClassificationSet.fashionMNIST(split: "test")
        #expect(test.images.shape == [10_000, 1, 28, 28])
        #expect(Set(test.labels) == Set(0..<10))
        #expect(test.labels.filter { $0 == 0 }.count == 1000)
    }
}
