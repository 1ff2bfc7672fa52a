import Testing
@testable import VitrineData

@Suite struct AttributeVocabularyTests {
    let vocabularies = [
        AttributeVocabulary(name: "category", collecting: ["ring", "earrings", "ring"]),
        AttributeVocabulary(name: "stone_count", collecting: ["10", "2", "0", "1", "2"]),
    ]

    /// Numbers sort as numbers (10 after 2), text as text; duplicates collapse.
    @Test func valuesAreOrderedWhateverTheRowOrder() {
        #expect(vocabularies[0].values == ["earrings", "ring"])
        #expect(vocabularies[1].values == ["0", "1", "2", "10"])
    }

    @Test func aRequestNamesEveryAttributeOnce() throws {
        #expect(try AttributeVocabulary.indices("stone_count=10, category=ring", in: vocabularies) == [1, 3])
        #expect(AttributeVocabulary.describe([1, 3], in: vocabularies) == "category=ring,stone_count=10")
        func message(_ request: String) -> String {
            do { _ = try AttributeVocabulary.indices(request, in: vocabularies); return "" } catch { return "\(error)" }
        }
        #expect(message("category=ring,stone_count=3").contains("stone_count=3 is not in the training vocabulary; known values: 0, 1, 2, 10"))
        #expect(message("metal=gold").contains("'metal' is not an attribute of this model; its attributes are category, stone_count"))
        #expect(message("category=ring").contains("leaves out stone_count"))
        #expect(message("category=ring,category=earrings").contains("category is given twice"))
        #expect(message("ring").contains("is not name=value"))
    }
}
