import Foundation
import Testing
import VitrineInference

/// A latch a test opens to let a held replica go.
final class Gate: @unchecked Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    init() { (stream, continuation) = AsyncStream.makeStream() }
    func open() { continuation.finish() }
    func wait() async { for await _ in stream {} }
}

/// Records the order in which requests ran.
actor Log {
    private(set) var entries: [Int] = []
    func append(_ value: Int) { entries.append(value) }
}

@Suite struct ReplicaPoolTests {
    /// Waits (bounded) until `pool` has `depth` requests queued.
    func waitForDepth(_ pool: ReplicaPool<String>, _ depth: Int) async throws {
        for _ in 0..<2_000 where pool.queueDepth != depth { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(pool.queueDepth == depth)
    }

    @Test func waitingRequestsAreServedInArrivalOrder() async throws {
        let pool = try ReplicaPool(["only"], queueCapacity: 8)
        let gate = Gate(), log = Log()
        let holder = Task { try await pool.withReplica { _, _ in await gate.wait() } }
        try await waitForDepth(pool, 0)
        var waiters: [Task<Void, Error>] = []
        for i in 1...6 {
            waiters.append(Task { try await pool.withReplica { _, _ in await log.append(i) } })
            try await waitForDepth(pool, i)
        }
        gate.open()
        try await holder.value
        for waiter in waiters { try await waiter.value }
        #expect(await log.entries == [1, 2, 3, 4, 5, 6])
        #expect(pool.queueDepth == 0)
    }

    @Test func aRequestBeyondTheQueueIsRefusedAtOnce() async throws {
        let pool = try ReplicaPool(["only"], queueCapacity: 2)
        let gate = Gate()
        let holder = Task { try await pool.withReplica { _, _ in await gate.wait() } }
        try await waitForDepth(pool, 0)
        let queued = (0..<2).map { _ in Task { try await pool.withReplica { name, _ in name } } }
        try await waitForDepth(pool, 2)
        await #expect(throws: ReplicaPoolError.queueFull(capacity: 2)) {
            try await pool.withReplica { name, _ in name }
        }
        gate.open()
        try await holder.value
        for task in queued { #expect(try await task.value == "only") }
    }

    @Test func replicasServeConcurrentRequestsAndReportTheirWait() async throws {
        let pool = try ReplicaPool(["a", "b"], queueCapacity: 0)
        let gate = Gate()
        let first = Task { try await pool.withReplica { name, _ in await gate.wait(); return name } }
        let second = Task { try await pool.withReplica { name, _ in await gate.wait(); return name } }
        // Both replicas out and no queue: a third request is refused.
        var refused = false
        for _ in 0..<2_000 where !refused {
            do { _ = try await pool.withReplica { name, _ in name }; try await Task.sleep(nanoseconds: 1_000_000) }
            catch ReplicaPoolError.queueFull { refused = true }
        }
        #expect(refused)
        gate.open()
        #expect(Set([try await first.value, try await second.value]) == ["a", "b"])
        let waited = try await pool.withReplica { _, waited in waited }
        #expect(waited >= 0 && waited < 1)
    }

    @Test func aPoolNeedsAReplica() {
        #expect(throws: InferenceError.self) { try ReplicaPool([String](), queueCapacity: 1) }
    }
}
