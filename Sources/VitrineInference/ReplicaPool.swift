import Foundation

/// Model replicas lent to one request at a time, behind a bounded FIFO queue: a request that
/// finds every replica busy waits its turn, and requests are handed replicas in the order they
/// arrived. When `queueCapacity` requests already wait, the next is refused at once
/// (``ReplicaPoolError/queueFull``) rather than queued behind work it would time out on.
///
/// Why replicas rather than a lock around one model: layers reuse their buffers between calls,
/// so a model serves one request at a time, and a second core can only help with a second
/// replica.
public final class ReplicaPool<Replica>: @unchecked Sendable {
    public let queueCapacity: Int
    public let replicaCount: Int
    private let lock = NSLock()
    private var free: [Replica]
    /// Waiting requests in arrival order; `head` is the next to be served (a ring would save
    /// memory, not time: the array is compacted when it empties).
    private var waiting: [CheckedContinuation<Replica, Error>] = []
    private var head = 0

    public init(_ replicas: [Replica], queueCapacity: Int) throws {
        guard !replicas.isEmpty else { throw InferenceError("a replica pool needs at least one replica") }
        guard queueCapacity >= 0 else {
            throw InferenceError("the queue capacity must be 0 or more, got \(queueCapacity)")
        }
        free = replicas
        replicaCount = replicas.count
        self.queueCapacity = queueCapacity
    }

    /// How many requests wait for a replica now.
    public var queueDepth: Int { lock.withLock { waiting.count - head } }

    /// Runs `body` with a replica once one is free, after every request that arrived earlier;
    /// `body` also gets how long the request waited, in seconds. Throws
    /// ``ReplicaPoolError/queueFull`` at once when the queue is full.
    public func withReplica<T>(_ body: (Replica, _ waited: Double) async throws -> T) async throws -> T {
        let arrival = DispatchTime.now().uptimeNanoseconds
        let replica = try await acquire()
        defer { release(replica) }
        return try await body(replica, Double(DispatchTime.now().uptimeNanoseconds - arrival) / 1e9)
    }

    private enum Admission { case ready(Replica), queued, full }

    private func acquire() async throws -> Replica {
        // Decided and enqueued under one lock, so a release between the two cannot be missed.
        return try await withCheckedThrowingContinuation { outer in
            let admission: Admission = lock.withLock {
                if head == waiting.count, let replica = free.popLast() { return .ready(replica) }
                guard waiting.count - head < queueCapacity else { return .full }
                waiting.append(outer)
                return .queued
            }
            switch admission {
            case .ready(let replica): outer.resume(returning: replica)
            case .full: outer.resume(throwing: ReplicaPoolError.queueFull(capacity: queueCapacity))
            case .queued: break
            }
        }
    }

    private func release(_ replica: Replica) {
        let next: CheckedContinuation<Replica, Error>? = lock.withLock {
            guard head < waiting.count else {
                free.append(replica)
                return nil
            }
            let continuation = waiting[head]
            head += 1
            if head == waiting.count { waiting.removeAll(keepingCapacity: true); head = 0 }
            return continuation
        }
        // Handed straight to the next request: a replica freed while requests wait never
        // becomes free, so a newcomer cannot overtake them.
        next?.resume(returning: replica)
    }
}

/// Why a request was not admitted to a ``ReplicaPool``.
public enum ReplicaPoolError: Error, CustomStringConvertible, Equatable {
    /// Every replica is busy and `capacity` requests already wait.
    case queueFull(capacity: Int)

    public var description: String {
        switch self {
        case .queueFull(let capacity):
            return "the server is at capacity (\(capacity) requests queued); retry after a moment"
        }
    }
}
