import Foundation
import VitrineSynth

/// Progress lines and the closing summary of the datagen commands.
enum DatagenProgress {
    /// Prints "done/total" at most every tenth of the run.
    static func printer() -> @Sendable (Int, Int) -> Void {
        let lastTenth = LockedCounter()
        return { done, total in
            let tenth = total > 0 ? done * 10 / total : 10
            if lastTenth.raise(to: tenth) { print("  \(done)/\(total) images") }
        }
    }

    static func finish(_ summary: GenerationSummary) {
        print(String(format: "done: %d images in %.2f s, %.0f images/s", summary.images, summary.seconds,
                     summary.imagesPerSecond))
    }

    private final class LockedCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        /// True when `new` is above the stored value (which then becomes `new`).
        func raise(to new: Int) -> Bool {
            lock.lock(); defer { lock.unlock() }
            guard new > value else { return false }
            value = new
            return true
        }
    }
}
