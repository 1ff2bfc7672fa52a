import Dispatch
import Foundation
import VitrineExperiments

/// SIGINT and SIGTERM as a ``StopRequest``: the first asks the run to stop after the current
/// step, so it writes `last.h5` and exits cleanly; a second exits at once (status 130). The
/// handlers are installed when a run starts taking steps: until then a signal ends the program
/// as it normally would.
enum StopSignals {
    private static let lock = NSLock()
    private static var sources: [DispatchSourceSignal] = []

    /// A stop request that SIGINT and SIGTERM make once a run listens for it.
    static func request() -> StopRequest { StopRequest(onListen: install) }

    /// Starts listening for `stop` (once per process).
    private static func install(_ stop: StopRequest) {
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { receive(number, stop) }
            source.resume()
            sources.append(source)
        }
    }

    private static func receive(_ number: Int32, _ stop: StopRequest) {
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        if stop.request(name) {
            FileHandle.standardError.write("\nsecond signal: exiting now without saving\n".data(using: .utf8)!)
            exit(130)
        }
        FileHandle.standardError.write("\n\(name): finishing the current step, then saving\n".data(using: .utf8)!)
    }
}
