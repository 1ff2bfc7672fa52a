import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into a request to stop after the current step, so a run can write
/// `last.h5` and exit cleanly. A second signal exits at once (status 130).
public final class StopSignal: @unchecked Sendable {
    public static let shared = StopSignal()
    private let lock = NSLock()
    private var received: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// The signal received, if any.
    public var requested: Int32? {
        lock.lock(); defer { lock.unlock() }
        return received
    }

    /// Starts listening (idempotent).
    public func install() {
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.receive(number) }
            source.resume()
            sources.append(source)
        }
    }

    private func receive(_ number: Int32) {
        lock.lock()
        let already = received != nil
        received = number
        lock.unlock()
        if already {
            FileHandle.standardError.write("\nsecond signal: exiting now without saving\n".data(using: .utf8)!)
            exit(130)
        }
        FileHandle.standardError.write("\n\(number == SIGINT ? "SIGINT" : "SIGTERM"): finishing the current step, then saving\n".data(using: .utf8)!)
    }

    /// Forgets a received signal (tests and multi-seed runs).
    public func reset() {
        lock.lock(); defer { lock.unlock() }
        received = nil
    }
}
