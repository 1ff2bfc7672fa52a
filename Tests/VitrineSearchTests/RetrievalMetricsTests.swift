import Foundation
import Testing
import VitrineEngine
@testable import VitrineSearch

@Suite struct RetrievalMetricsTests {
    /// Six images: products A (rows 0–2, rings), B (rows 3–4, necklaces), C (row 5, a ring,
    /// lone). Neighbour lists given by hand; ✓ marks a neighbour of the query's product.
    ///
    ///   q  label R  neighbours        relevance   first hit  AP within R
    ///   0  A     2  3 1 4 2 5         · ✓ · ✓ ·   2          (0 + 1/2)/2 = 0.25
    ///   1  A     2  0 2 3 4 5         ✓ ✓ · · ·   1          (1/1 + 2/2)/2 = 1
    ///   2  A     2  4 5 3 0 1         · · · ✓ ✓   4          0
    ///   3  B     1  4 0 1 2 5         ✓ · · · ·   1          1
    ///   4  B     1  0 1 3 2 5         · · ✓ · ·   3          0
    ///   5  C     0  (lone: left out)
    ///
    /// Recall@1 = 2/5 (q1, q3); Recall@3 = 4/5 (all but q2); Recall@5 = 5/5.
    /// MAP@R = (0.25 + 1 + 0 + 1 + 0)/5 = 0.45.
    /// Recall@1 by category: ring = 1/3 (q0, q1, q2), necklace = 1/2 (q3, q4).
    @Test func handWorkedSixImages() throws {
        let labels = [0, 0, 0, 1, 1, 2]
        let categories = ["ring", "ring", "ring", "necklace", "necklace", "ring"]
        let neighbours = [[3, 1, 4, 2, 5], [0, 2, 3, 4, 5], [4, 5, 3, 0, 1],
                          [4, 0, 1, 2, 5], [0, 1, 3, 2, 5], [0, 1, 2, 3, 4]]
        let report = try RetrievalMetrics.evaluate(neighbours: neighbours, labels: labels,
                                                   categories: categories, ks: [1, 3, 5])
        #expect(report.queries == 5)
        #expect(report.loneQueries == 1)
        #expect(report.recall(at: 1) == 0.4)
        #expect(report.recall(at: 3) == 0.8)
        #expect(report.recall(at: 5) == 1.0)
        #expect(abs(report.mapAtR - 0.45) < 1e-12)
        #expect(abs(report.perCategoryRecallAt1["ring"]! - 1.0 / 3) < 1e-12)
        #expect(report.perCategoryRecallAt1["necklace"] == 0.5)
        #expect(report.perCategoryRecallAt1.count == 2)
    }

    /// R = 3 with hits at positions 1 and 3 (and one more at 4, beyond R):
    /// AP = (1/1 + 2/3)/3 = 5/9, while Recall@1 = 1 — MAP@R also rewards ranking all the
    /// product's images first. A query with all three first scores 1.
    @Test func mapAtRCountsOnlyTheFirstR() throws {
        let labels = [0, 0, 0, 0, 1]
        let neighbours = [[1, 4, 2, 3], [0, 2, 3, 4], [4, 0, 1, 3], [0, 1, 2, 4], [0, 1, 2, 3]]
        // q0: ✓·✓ → 5/9; q1: ✓✓✓ → 1; q2: ·✓✓ → (1/2 + 2/3)/3 = 7/18; q3: ✓✓✓ → 1; q4 lone.
        let report = try RetrievalMetrics.evaluate(neighbours: neighbours, labels: labels, ks: [1])
        #expect(abs(report.mapAtR - (5.0 / 9 + 1 + 7.0 / 18 + 1) / 4) < 1e-12)
        #expect(report.recall(at: 1) == 0.75)
        #expect(report.perCategoryRecallAt1.isEmpty)
    }

    @Test func neighboursNeededIsTheLargestKOrR() {
        #expect(RetrievalMetrics.neighboursNeeded(labels: [0, 0, 0, 0, 1, 2], ks: [1, 2]) == 3)
        #expect(RetrievalMetrics.neighboursNeeded(labels: [0, 0, 1, 1], ks: [1, 50]) == 3)
        #expect(RetrievalMetrics.neighboursNeeded(labels: [0, 1, 1, 1, 1, 1, 1], ks: [2]) == 5)
    }

    @Test func badNeighbourListsAreErrors() throws {
        #expect(throws: SearchError.invalidArgument("neighbours", "row 0 lists 1 neighbours, needs 2 (the largest K or R)")) {
            try RetrievalMetrics.evaluate(neighbours: [[1], [0, 2], [0, 1]], labels: [0, 0, 1], ks: [2])
        }
        #expect(throws: SearchError.invalidArgument("neighbours", "row 1 lists 1, which is itself or outside 0..<3")) {
            try RetrievalMetrics.evaluate(neighbours: [[1, 2], [1, 2], [0, 1]], labels: [0, 0, 1], ks: [2])
        }
        #expect(throws: SearchError.invalidArgument("ks", "must be positive cut-offs, got [0]")) {
            try RetrievalMetrics.evaluate(neighbours: [[1], [0]], labels: [0, 0], ks: [0])
        }
    }

    /// Four items, mode other-brand (same category, another brand), k = 2, result lists
    /// given by hand (✓ = meets the constraint and shares the query's metal):
    ///   row 0 ring/X/gold:     constrained [1 ring/Y/gold ✓, 2 ring/Y/silver (allowed, not gold)]
    ///   row 1 ring/Y/gold:     constrained [0 ring/X/gold ✓] — one empty slot
    ///   row 2 ring/Y/silver:   constrained [0 ring/X/gold (allowed, not silver)] — one empty
    ///   row 3 necklace/X/gold: constrained [] — no other necklace
    /// Allowed results 2 + 1 + 1 + 0 = 4 of 8 slots → constraint share 0.5; attribute matches
    /// 1 + 1 + 0 + 0 = 2 → 0.25. Unconstrained top 2: row 0 [3 necklace ·, 1 ring/Y ✓],
    /// row 1 [2 same brand ·, 0 ring/X ✓], row 2 [1 same brand ·, 3 necklace ·],
    /// row 3 [0 ring ·, 1 ring ·] → 2 of 8 = 0.25.
    @Test func constrainedSharesHandWorked() throws {
        let items = [
            ProductMetadata(productID: "p0", category: "ring", brand: "X", attributes: ["metal": "gold"]),
            ProductMetadata(productID: "p1", category: "ring", brand: "Y", attributes: ["metal": "gold"]),
            ProductMetadata(productID: "p2", category: "ring", brand: "Y", attributes: ["metal": "silver"]),
            ProductMetadata(productID: "p3", category: "necklace", brand: "X", attributes: ["metal": "gold"]),
        ]
        let report = try RetrievalMetrics.constrainedShares(
            mode: .otherBrand, k: 2, items: items,
            constrained: [[1, 2], [0], [0], []], unconstrained: [[3, 1], [2, 0], [1, 3], [0, 1]])
        #expect(report.constraintShare == 0.5)
        #expect(report.attributeMatchShare == 0.25)
        #expect(report.unconstrainedShare == 0.25)
        #expect(report.queries == 4)
    }

    /// Brute force in numpy on random data: the full similarity matrix, each row sorted, the
    /// same definitions written independently. Skipped when python3 or numpy is missing.
    @Test func matchesNumpyBruteForce() throws {
        guard let python = PythonFixture.numpy() else {
            print("matchesNumpyBruteForce: python3 with numpy not found, cross-check skipped")
            return
        }
        let n = 240, d = 8
        let generator = Generator(seed: 42)
        let embeddings = Tensor(zeros: [n, d])
        generator.fillNormal(embeddings)
        let labels = (0..<n).map { _ in generator.int(below: 70) }
        let categoryNames = ["ring", "necklace", "earrings"]
        let items = labels.map { label in
            ProductMetadata(productID: "p\(label)", category: categoryNames[label % 3], brand: "b")
        }
        let index = try EmbeddingIndex(embeddings: embeddings, items: items, checkpointHash: "h")
        let ks = [1, 5, 10, 50]
        let report = try index.evaluateRetrieval(ks: ks, batchSize: 64)

        let script = """
        import json, sys
        import numpy as np
        data = json.load(open(sys.argv[1]))
        e = np.array(data["embeddings"], dtype=np.float64).reshape(-1, data["d"])
        e /= np.linalg.norm(e, axis=1, keepdims=True)
        labels = np.array(data["labels"]); cats = data["categories"]; n = len(labels)
        sim = e @ e.T
        np.fill_diagonal(sim, -np.inf)
        order = np.argsort(-sim, axis=1, kind="stable")[:, : n - 1]
        rel = labels[order] == labels[:, None]
        counts = np.array([(labels == l).sum() - 1 for l in labels])
        keep = counts > 0
        out = {"recall": {}, "map": 0.0, "cat": {}, "queries": int(keep.sum())}
        for k in data["ks"]:
            out["recall"][str(k)] = float(rel[keep, :k].any(axis=1).mean())
        aps = []
        for q in np.nonzero(keep)[0]:
            r = counts[q]; hits = rel[q, :r]
            prec = np.cumsum(hits) / np.arange(1, r + 1)
            aps.append(float((prec * hits).sum() / r))
        out["map"] = float(np.mean(aps))
        for c in sorted(set(cats)):
            mask = keep & (np.array(cats) == c)
            out["cat"][c] = float(rel[mask, 0].mean())
        print(json.dumps(out))
        """
        let input: [String: Any] = ["embeddings": embeddings.array.map(Double.init), "d": d, "labels": labels,
                                    "categories": items.map(\.category), "ks": ks]
        let output = try python.run(script, input: input)
        guard let expected = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let recall = expected["recall"] as? [String: Double], let map = expected["map"] as? Double,
              let perCategory = expected["cat"] as? [String: Double], let queries = expected["queries"] as? Int
        else {
            Issue.record("numpy printed something unexpected: \(output)")
            return
        }
        #expect(report.queries == queries)
        #expect(queries > 150 && queries < n, "the random labels should leave some lone queries")
        for k in ks { #expect(abs(report.recall(at: k)! - recall[String(k)]!) < 1e-12, "Recall@\(k)") }
        #expect(abs(report.mapAtR - map) < 1e-9)
        for (category, value) in perCategory {
            #expect(abs(report.perCategoryRecallAt1[category]! - value) < 1e-12, "\(category)")
        }
        #expect(report.recall(at: 1)! < report.recall(at: 50)!)
    }
}
