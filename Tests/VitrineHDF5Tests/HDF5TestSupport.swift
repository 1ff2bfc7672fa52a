import Foundation
import VitrineTestSupport
import Testing



/// Whether `python3` with h5py and numpy can run here; the cross-checks with h5py are skipped
/// (with this reason shown) when it cannot.
let h5pyAvailable: Bool = (try? runPython("import h5py, numpy")) != nil
