/// What a run tells the person who started it. The run only reports; the program that started
/// it decides how it looks (the CLI: a live progress bar on a terminal, plain lines in a log).
public enum RunEvent: Equatable, Sendable {
    /// A line of its own: a note, an evaluation, a stop, a summary, data being generated.
    case message(String)
    /// A trainer begins (or resumes) taking steps: `totalSteps` in all, training metrics logged
    /// every `logEvery` steps (`train.log_every`).
    case trainingStarted(totalSteps: Int, logEvery: Int)
    /// A training step ended: the steps done so far, the epoch reached (fractional), the
    /// batch's loss and the examples it trained on.
    case progress(step: Int, epoch: Double, loss: Double, examples: Int)
    /// The steps are over, done or stopped: a live progress line ends here.
    case trainingEnded
}
