import VitrineEngine
import VitrineExperiments

extension RunContext {
    /// The context of a run started from the command line: what it says and its progress on
    /// standard output (``ProgressPrinter``), stopped by SIGINT or SIGTERM (``StopSignals``),
    /// its `train.threads` applied to OpenBLAS and the kernels of this process.
    static func terminal() -> RunContext {
        let printer = ProgressPrinter()
        return RunContext(log: printer.show, stop: StopSignals.request(), applyThreads: ComputeThreads.apply)
    }
}
