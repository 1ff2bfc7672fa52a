import Testing
@testable import VitrineDetection

/// MTCNN's pyramid against facenet-pytorch's `detect_face` loop (values printed by that loop
/// for a 640 × 480 image, minsize 20, factor 0.709).
@Suite struct ImagePyramidTests {
    @Test func scalesAndSizesMatchFacenetPyTorch() throws {
        let pyramid = try ImagePyramid(width: 640, height: 480)
        #expect(pyramid.scales == [0.6, 0.42539999999999994, 0.30160859999999995, 0.21384049739999994,
                                   0.15161291265659996, 0.10749355507352937, 0.07621293054713232,
                                   0.054034967757916816, 0.03831079214036302, 0.027162351627517383])
        #expect(pyramid.levels.map(\.height) == [289, 205, 145, 103, 73, 52, 37, 26, 19, 14])
        #expect(pyramid.levels.map(\.width) == [385, 273, 194, 137, 98, 69, 49, 35, 25, 18])
    }

    @Test func ceilingRoundingGivesTheMATLABSizes() throws {
        let pyramid = try ImagePyramid(width: 640, height: 480, rounding: .ceiling)
        #expect(pyramid.levels[0].width == 384 && pyramid.levels[0].height == 288)
    }

    @Test func theFirstScaleMakesTheSmallestFaceOneWindowAndTheLastStillHoldsOne() throws {
        let pyramid = try ImagePyramid(width: 1000, height: 700, minimumFaceSize: 40)
        #expect(pyramid.scales.first == 12.0 / 40)
        let shortest = pyramid.scales.map { 700 * $0 }
        #expect(shortest.last! >= 12 && shortest.last! * ImagePyramid.mtcnnFactor < 12)
    }

    @Test func imagesBelowTheMinimumFaceHaveNoLevel() throws {
        #expect(try ImagePyramid(width: 19, height: 100).levels.isEmpty)
        // Exactly the minimum face size: one level, the window itself.
        let one = try ImagePyramid(width: 20, height: 30)
        #expect(one.levels.count == 1 && one.levels[0].width == 13)
    }

    @Test func settingsThatCannotWorkAreRefused() {
        #expect(throws: DetectionError.self) { try ImagePyramid(width: 100, height: 100, factor: 1) }
        #expect(throws: DetectionError.self) { try ImagePyramid(width: 100, height: 100, factor: 0) }
        #expect(throws: DetectionError.self) { try ImagePyramid(width: 100, height: 100, minimumFaceSize: 0) }
        #expect(throws: DetectionError.self) { try ImagePyramid(width: 100, height: 100, window: .infinity) }
    }
}
