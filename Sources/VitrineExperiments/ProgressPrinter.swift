import Foundation

/// Training progress: on a terminal, one live line (bar, step, epoch, loss, throughput, ETA)
/// rewritten in place; otherwise a plain line every `every` steps, for logs.
public final class ProgressPrinter {
    private let totalSteps: Int
    private let every: Int
    private let live: Bool
    private var lastDraw = Date.distantPast
    private var startStep: Int?
    private var startTime = Date()

    public init(totalSteps: Int, every: Int, live: Bool = isatty(STDOUT_FILENO) != 0) {
        self.totalSteps = totalSteps
        self.every = every
        self.live = live
    }

    /// Reports the state after `step` steps. `examplesPerStep` gives throughput.
    public func update(step: Int, epoch: Double, loss: Double, examplesPerStep: Int) {
        let now = Date()
        if startStep == nil { startStep = step - 1; startTime = now }
        let done = step - startStep!
        let elapsed = now.timeIntervalSince(startTime)
        let rate = elapsed > 0 ? Double(done * examplesPerStep) / elapsed : 0
        let eta = done > 0 ? elapsed / Double(done) * Double(totalSteps - step) : 0
        let text = String(format: "step %d/%d  epoch %.2f  loss %.4f  %.0f ex/s  ETA %@",
                          step, totalSteps, epoch, loss, rate, Self.duration(eta))
        if live {
            guard now.timeIntervalSince(lastDraw) > 0.2 || step == totalSteps else { return }
            lastDraw = now
            let width = 24, filled = totalSteps > 0 ? width * step / totalSteps : 0
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            print("\r\u{1B}[2K[\(bar)] \(text)", terminator: "")
            fflush(stdout)
        } else if step % every == 0 || step == totalSteps {
            print(text)
        }
    }

    /// Prints a message on its own line without garbling the live line.
    public func message(_ text: String) {
        if live { print("\r\u{1B}[2K", terminator: "") }
        print(text)
    }

    /// Ends the live line.
    public func finish() {
        if live { print("") }
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
