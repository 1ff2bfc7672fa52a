import Testing
import VitrineInferenceTestSupport
import VitrineServing

@Suite struct ServerStartupTests {
    @Test func registrationsParseNameCheckpointAndIndex() throws {
        let full = try ModelRegistration(parsing: "quick=runs/a:b/best.h5:catalog.index.h5")
        #expect(full == ModelRegistration(name: "quick", checkpoint: "runs/a:b/best.h5", index: "catalog.index.h5"))
        #expect(try ModelRegistration(parsing: "r18=best.h5") == ModelRegistration(name: "r18", checkpoint: "best.h5"))
        for bad in ["best.h5", "=best.h5", "a b=best.h5", "quick=", "quick=best.h5:"] {
            #expect(throws: ServerSetupError.self, "\(bad)") { try ModelRegistration(parsing: bad) }
        }
    }

    @Test func anIndexBuiltByAnotherModelIsRefusedNamingBothFiles() throws {
        let fixture = try ServingFixture(products: 4)
        let other = fixture.directory.file("other.h5")
        try InferenceCheckpoints.write(.smallConvnet, size: fixture.size, to: other, seed: 99)
        let error = #expect(throws: ServerSetupError.self) {
            try InferenceServer(models: [ModelRegistration(name: "quick", checkpoint: other, index: fixture.index)],
                                settings: ServerSettings(port: 0))
        }
        #expect(error?.description.contains(other) == true)
        #expect(error?.description.contains(fixture.index) == true)
        #expect(error?.description.contains("vitrine index --checkpoint") == true)
    }

    @Test func aMissingCheckpointOrADuplicateNameStopsTheStart() throws {
        let fixture = try ServingFixture(products: 2)
        #expect(throws: ServerSetupError.self) {
            try InferenceServer(models: [ModelRegistration(name: "gone", checkpoint: fixture.directory.file("none.h5"))],
                                settings: ServerSettings(port: 0))
        }
        let twice = [ModelRegistration(name: "m", checkpoint: fixture.checkpoint), ModelRegistration(name: "m", checkpoint: fixture.checkpoint)]
        let error = #expect(throws: ServerSetupError.self) { try InferenceServer(models: twice, settings: ServerSettings(port: 0)) }
        #expect(error?.description.contains("registered twice") == true)
        #expect(throws: ServerSetupError.self) { try InferenceServer(models: [], settings: ServerSettings(port: 0)) }
    }
}
