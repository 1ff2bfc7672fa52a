import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import VitrineImaging
import VitrineInferenceTestSupport
import VitrineTestSupport

/// `vitrine serve` as a process: start-up refusals on the command line, and SIGTERM draining.
@Suite struct ServeCommandTests {
    @Test func anIndexOfAnotherModelStopsTheCommandNamingBothFiles() throws {
        let vitrine = try #require(builtVitrineExecutable, "build the vitrine executable first (swift build)")
        let fixture = try ServingFixture(products: 3)
        let other = fixture.directory.file("other.h5")
        try InferenceCheckpoints.write(.smallConvnet, size: fixture.size, to: other, seed: 5)
        let result = try runProcess(vitrine, ["serve", "--model", "quick=\(other):\(fixture.index)", "--port", "0"])
        #expect(result.status != 0)
        #expect(result.err.contains(other) && result.err.contains(fixture.index), "\(result.err)")
        let bad = try runProcess(vitrine, ["serve", "--model", "quick=\(fixture.checkpoint)", "--max-body", "lots"])
        #expect(bad.status != 0)
        #expect(bad.err.contains("max-body"), "\(bad.err)")
    }

    /// Requests in flight when SIGTERM arrives are answered, and the process exits 0.
    @Test func sigtermAnswersWhatWasAcceptedAndExitsZero() async throws {
        let vitrine = try #require(builtVitrineExecutable, "build the vitrine executable first (swift build)")
        let fixture = try ServingFixture(products: 4, architecture: .resnetSmall, size: 32)
        let port = Int.random(in: 20_000..<60_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: vitrine)
        process.arguments = ["serve", "--model", "quick=\(fixture.checkpoint):\(fixture.index)", "--port", "\(port)", "--replicas", "1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let base = "http://127.0.0.1:\(port)"
        var live = false
        for _ in 0..<300 where !live {
            live = (try? await URLSession.shared.data(from: URL(string: "\(base)/v2/health/live")!)) != nil
            if !live { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        try #require(live, "the server did not come up on port \(port)")
        let body = try PNG.encode(fixture.images[1])
        let statuses = try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    var request = URLRequest(url: URL(string: "\(base)/v1/search?k=2")!)
                    request.httpMethod = "POST"
                    request.httpBody = body
                    // A request the closed listener refused never reached the server: nil.
                    guard let (_, response) = try? await URLSession.shared.data(for: request) else { return nil }
                    return (response as? HTTPURLResponse)?.statusCode
                }
            }
            // SIGTERM once the server is answering the burst (its first search done), so some
            // requests are in the middle of being served whatever the machine's load.
            for _ in 0..<600 {
                let metrics = try? await URLSession.shared.data(from: URL(string: "\(base)/metrics")!)
                if let (data, _) = metrics, String(decoding: data, as: UTF8.self).contains("endpoint=\"search\",status=\"200\"") { break }
                try await Task.sleep(nanoseconds: 5_000_000)
            }
            process.terminate()  // SIGTERM
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for _ in 0..<300 where process.isRunning { try await Task.sleep(nanoseconds: 100_000_000) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
        let answered = statuses.compactMap { $0 }
        #expect(!answered.isEmpty)
        #expect(answered.allSatisfy { $0 == 200 }, "\(answered)")
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("stopped after answering every accepted request"), "\(log)")
        // Every search the server answered reached its client: a request accepted and then
        // dropped would show here as one more 200 on the server's side than the clients got.
        #expect(log.contains("searches answered 200: \(answered.count))"), "clients got \(answered.count) answers: \(log)")
    }
}
