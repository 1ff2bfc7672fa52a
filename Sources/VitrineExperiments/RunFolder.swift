import Foundation
import VitrineEngine

/// Exclusive ownership of one run's folders (`reports/<run>/` and `checkpoints/<run>/`) for
/// as long as a process trains, resumes or extends the run.
///
/// - A new run claims its reports folder with `mkdir`, which succeeds for exactly one process:
///   two runs started in the same second with the same default name cannot share a folder (the
///   second takes the name with `-2`, `-3`, …; a name the user chose is refused instead).
/// - While the run is open, an exclusive `flock` on `reports/<run>/.lock` is held; a second
///   `vitrine resume` of the same run is refused. The kernel drops the lock when the process
///   ends, however it ends (SIGKILL included), so a killed run is never left "in use".
/// - Holding the lock means no other process writes into the run's folders, so temporary
///   checkpoint files found there (`.last.h5.<pid>.<uuid>.tmp`, left by a SIGKILL during a
///   save) are stale and removed on opening.
public final class RunFolder {
    public let paths: RunPaths
    private let lockDescriptor: Int32

    private init(paths: RunPaths, lockDescriptor: Int32) {
        self.paths = paths
        self.lockDescriptor = lockDescriptor
    }

    deinit { close(lockDescriptor) }

    /// The longest run name accepted (a path component, with room for `-seedN` and `-N`).
    static let maximumNameLength = 200

    /// Throws unless `name` is a plain folder name: not empty, not `.` or `..`, without `/`,
    /// NUL or control characters, at most ``maximumNameLength`` bytes. `key` names where the
    /// name came from (`run.name`, `--as`).
    public static func validate(name: String, key: String) throws {
        let problem: String?
        if name.isEmpty { problem = "is empty" }
        else if name == "." || name == ".." { problem = "'\(name)' would leave the reports folder" }
        else if name.contains("/") { problem = "'\(name)' contains '/'" }
        else if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problem = "contains a control character"
        }
        else if name.utf8.count > maximumNameLength { problem = "is longer than \(maximumNameLength) bytes" }
        else { problem = nil }
        if let problem {
            throw ExperimentError("\(key): the run name \(problem); a run name is a plain folder name "
                + "(letters, digits, '-', '_', '.'), without '/'")
        }
    }

    /// Claims a new run named `paths.name`. With `uniquing` (a name Vitrine made up), a name
    /// already taken is followed by `-2`, `-3`, …; otherwise a taken name is refused with the
    /// command that continues that run. Nothing is left behind when the claim fails.
    public static func create(_ paths: RunPaths, uniquing: Bool) throws -> RunFolder {
        try validate(name: paths.name, key: "run.name")
        let fm = FileManager.default
        for root in [paths.reportsRoot, paths.checkpointsRoot] {
            do { try fm.createDirectory(atPath: root, withIntermediateDirectories: true) } catch {
                throw ExperimentError("cannot create the folder \(root): \(readableDescription(of: error)); check run.reports_dir and run.checkpoints_dir")
            }
        }
        for attempt in 1...1000 {
            let candidate = attempt == 1 ? paths : paths.renamed(paths.name + "-\(attempt)")
            guard let folder = try claim(candidate) else {
                if uniquing { continue }
                throw ExperimentError("run '\(paths.name)' already exists in \(paths.reports); continue it with "
                    + "`\(paths.resumeCommand)` or set another run.name")
            }
            // The reports folder is ours; a checkpoints folder holding files belongs to an
            // earlier run whose reports were removed: refuse rather than mix the two.
            let leftovers = ((try? fm.contentsOfDirectory(atPath: candidate.checkpoints)) ?? []).filter { !$0.hasPrefix(".") }
            if !leftovers.isEmpty {
                try? fm.removeItem(atPath: candidate.reports)
                if uniquing { continue }
                throw ExperimentError("\(candidate.checkpoints) already holds checkpoints of an earlier run "
                    + "(\(leftovers.sorted().prefix(3).joined(separator: ", "))); delete that folder or set another run.name")
            }
            do {
                try fm.createDirectory(atPath: candidate.checkpoints, withIntermediateDirectories: true)
                return folder
            } catch {
                try? fm.removeItem(atPath: candidate.reports)
                throw ExperimentError("cannot create \(candidate.checkpoints): \(readableDescription(of: error))")
            }
        }
        throw ExperimentError("no free run name after \(paths.name)-1000; set run.name")
    }

    /// Makes `paths.reports` this process's, locked, or returns nil when it is taken.
    ///
    /// The folder is made under a temporary name with its lock already held, then renamed into
    /// place: a run folder never exists unlocked before its config is written. So a folder
    /// without config.yaml whose lock is free is what a claim killed mid-way left, and is taken
    /// over (whoever wins its lock), while one being claimed right now is never touched.
    private static func claim(_ paths: RunPaths) throws -> RunFolder? {
        let fm = FileManager.default
        let staging = "\(paths.reportsRoot)/.claim-\(getpid())-\(UUID().uuidString)"
        guard mkdir(staging, 0o755) == 0 else {
            throw ExperimentError("cannot create a folder in \(paths.reportsRoot): \(String(cString: strerror(errno)))")
        }
        let staged: RunFolder
        do { staged = try lock(paths, at: staging) } catch {
            try? fm.removeItem(atPath: staging)
            throw error
        }
        // rename(2) never replaces a folder holding files (EEXIST / ENOTEMPTY): the name is ours
        // only if nobody's folder had it.
        if rename(staging, paths.reports) == 0 { return staged }
        let reason = errno
        try? fm.removeItem(atPath: staging)
        guard reason == EEXIST || reason == ENOTEMPTY else {
            throw ExperimentError("cannot create \(paths.reports): \(String(cString: strerror(reason)))")
        }
        if !fm.fileExists(atPath: paths.config), let debris = try? lock(paths), !fm.fileExists(atPath: paths.config) {
            return debris
        }
        return nil
    }

    /// Opens an existing run to continue it: takes its lock (refused while another process
    /// holds it) and removes stale temporary checkpoint files.
    public static func open(_ paths: RunPaths) throws -> RunFolder {
        try validate(name: paths.name, key: "run.name")
        let fm = FileManager.default
        guard fm.fileExists(atPath: paths.reports) else {
            throw ExperimentError("no run '\(paths.name)': \(paths.reports) does not exist")
        }
        try fm.createDirectory(atPath: paths.checkpoints, withIntermediateDirectories: true)
        let folder = try lock(paths)
        folder.removeStaleTemporaries()
        return folder
    }

    private static func lock(_ paths: RunPaths, at folder: String? = nil) throws -> RunFolder {
        let lockPath = (folder ?? paths.reports) + "/.lock"
        let descriptor = Foundation.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ExperimentError("cannot open \(lockPath): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: lockPath, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw ExperimentError("run '\(paths.name)' is in use by another process\(holder.isEmpty ? "" : " (pid \(holder))"); "
                + "wait for it to finish or stop it first")
        }
        // Who holds the lock, for the message above (informative only: the lock is the flock).
        let pid = "\(getpid())\n"
        ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
        return RunFolder(paths: paths, lockDescriptor: descriptor)
    }

    /// Removes `.<name>.<pid>.<uuid>.tmp` files in the checkpoints folder: only the lock holder
    /// writes there, so any such file is what a killed save left.
    @discardableResult
    public func removeStaleTemporaries() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: paths.checkpoints)) ?? []
        let stale = names.filter(AtomicFile.isTemporary(name:))
        for name in stale { unlink(paths.checkpoints + "/" + name) }
        return stale
    }
}

/// An error's message without Foundation's domain and code: a system error as `strerror`
/// says it, Foundation's errors by their localized description, Vitrine's own as written.
public func readableDescription(of error: Error) -> String {
    if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError,
       underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    if error is CocoaError || type(of: error) is NSError.Type { return error.localizedDescription }
    return "\(error)"
}
