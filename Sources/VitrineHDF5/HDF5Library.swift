import CHDF5
import CHDF5Shim

/// Process-wide concerns of libhdf5: keeping its own error printing quiet and turning its
/// error stack into one line for ``HDF5Error``.
enum HDF5Library {
    /// Turns off the library's automatic printing of error stacks. In the thread-safe build the
    /// setting belongs to the calling thread's default stack, so every entry point calls this
    /// rather than once per process (it is cheap).
    @inline(__always)
    static func prepare() {
        vitrine_h5_silence_errors()
    }

    /// The calling thread's current error stack as one line, innermost cause last, e.g.
    /// `unable to open file: file signature not found`. Call it right after a failing call:
    /// the next API call clears the stack.
    static func errorSummary() -> String {
        var frames: [String] = []
        withUnsafeMutablePointer(to: &frames) { pointer in
            _ = H5Ewalk2(h5ErrorStack, H5E_WALK_DOWNWARD, { _, error, client in
                guard let error, let client else { return 0 }
                let frames = client.assumingMemoryBound(to: [String].self)
                var text = error.pointee.desc.map { String(cString: $0) } ?? ""
                if text.isEmpty {
                    var buffer = [CChar](repeating: 0, count: 256)
                    _ = H5Eget_msg(error.pointee.min_num, nil, &buffer, buffer.count)
                    text = String(cString: buffer)
                }
                if !text.isEmpty && frames.pointee.last != text { frames.pointee.append(text) }
                return 0
            }, pointer)
        }
        H5Eclear2(h5ErrorStack)
        // The outermost frame says what failed, the innermost why; the ones between repeat them.
        switch frames.count {
        case 0: return "unknown HDF5 error"
        case 1: return frames[0]
        default: return "\(frames[0]): \(frames[frames.count - 1])"
        }
    }
}

/// `H5P_DEFAULT`, `H5S_ALL` and `H5E_DEFAULT` import as `Int32` literals; calls want `hid_t`.
let h5Default = hid_t(H5P_DEFAULT)
let h5All = hid_t(H5S_ALL)
let h5ErrorStack = hid_t(H5E_DEFAULT)
