/// A learning rate as a function of the number of optimizer steps already taken: step 0 is
/// the rate for the first update. Schedules are pure functions of the step, so a resumed run
/// gets its rate back from the restored ``Optimizer/stepCount`` alone:
///
///     optimizer.learningRate = schedule.learningRate(at: optimizer.stepCount)
///     optimizer.step()
///
/// Negative steps are treated as step 0.
public protocol LearningRateSchedule {
    func learningRate(at step: Int) -> Float
}

extension Optimizer {
    /// Sets ``learningRate`` from `schedule` for the step about to be taken.
    public func applySchedule(_ schedule: any LearningRateSchedule) {
        learningRate = schedule.learningRate(at: stepCount)
    }
}
