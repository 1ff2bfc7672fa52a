import Foundation

/// A request to stop a run after its current step, so it writes `last.h5` and can be resumed.
/// The program that starts runs makes the request (the CLI on SIGINT and SIGTERM); a trainer
/// polls it between steps.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var reason: String?
    private let onListen: (StopRequest) -> Void

    /// `onListen` runs whenever a trainer starts taking steps, and so starts honouring requests:
    /// the CLI installs its signal handlers there, so that a signal before training (while data
    /// are generated) still ends the program at once.
    public init(onListen: @escaping (StopRequest) -> Void = { _ in }) {
        self.onListen = onListen
    }

    /// Called by a trainer as it starts taking steps.
    func listen() { onListen(self) }

    /// Asks the run to stop; `reason` (`SIGINT`) goes into its events log and report. Returns
    /// whether a stop had been requested already.
    @discardableResult
    public func request(_ reason: String) -> Bool {
        lock.lock(); defer { lock.unlock() }
        let already = self.reason != nil
        self.reason = reason
        return already
    }

    /// What asked the run to stop, if anything has.
    public var requested: String? {
        lock.lock(); defer { lock.unlock() }
        return reason
    }
}
