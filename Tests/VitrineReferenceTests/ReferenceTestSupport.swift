import Foundation
import VitrineTestSupport
import Testing
import VitrineHDF5
@testable import VitrineReference

/// The committed fixture made by scripts/make_reference_cases.py.
let fixturePath: String = Bundle.module.url(
    forResource: "reference_cases", withExtension: "h5", subdirectory: "Fixtures")!.path


/// A copy of the fixture in `directory`, changed by `edit` through the HDF5 module.
func modifiedFixture(in directory: TemporaryDirectory, _ edit: (HDF5Group) throws -> Void) throws -> String {
    let path = directory.file("modified-\(UUID().uuidString).h5")
    try FileManager.default.copyItem(atPath: fixturePath, toPath: path)
    let file = try HDF5File.open(path, mode: .readWrite)
    try edit(try file.root)
    try file.close()
    return path
}

/// The fixture's case called `name`, loaded into memory (tests then change it).
func fixtureCase(_ name: String) throws -> ReferenceCase {
    let file = try HDF5File.open(fixturePath)
    defer { try? file.close() }
    return try ReferenceCase.load(from: try file.root.group(name))
}

/// The `vitrine` executable built beside this test bundle, or nil when it has not been built.
let vitrineExecutable = builtVitrineExecutable

