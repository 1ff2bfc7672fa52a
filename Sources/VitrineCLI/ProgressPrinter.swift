import Foundation
import VitrineExperiments

/// How a run looks in the terminal: its messages on lines of their own and its training
/// progress. On a terminal, progress is one live line (bar, step, epoch, loss, throughput, ETA)
/// rewritten in place; otherwise a plain line every `train.log_every` steps, for logs.
final class ProgressPrinter {
    private let live: Bool
    private var totalSteps = 0
    private var every = 1
    private var lastDraw = Date.distantPast
    private var startStep: Int?
    private var startTime = Date()

    init(live: Bool = isatty(STDOUT_FILENO) != 0) {
        self.live = live
    }

    /// Shows what a run reports.
    func show(_ event: RunEvent) {
        switch event {
        case let .message(text):
            message(text)
        case let .trainingStarted(totalSteps, logEvery):
            (self.totalSteps, every) = (totalSteps, logEvery)
            (lastDraw, startStep) = (.distantPast, nil)
        case let .progress(step, epoch, loss, examples):
            update(step: step, epoch: epoch, loss: loss, examplesPerStep: examples)
        case .trainingEnded:
            if live { print("") }
        }
    }

    /// Reports the state after `step` steps. `examplesPerStep` gives throughput.
    private func update(step: Int, epoch: Double, loss: Double, examplesPerStep: Int) {
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
    private func message(_ text: String) {
        if live { print("\r\u{1B}[2K", terminator: "") }
        print(text)
    }

    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
