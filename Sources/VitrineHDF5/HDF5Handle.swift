import CHDF5

/// One libhdf5 identifier (file, group, dataset, attribute, dataspace, datatype or property
/// list) and the function that releases it. Released exactly once: by ``close()`` or, failing
/// that, when the handle is deallocated, so identifiers never leak past the Swift object.
final class HDF5Handle {
    let id: hid_t
    private let release: (hid_t) -> herr_t
    private(set) var isOpen = true

    init(_ id: hid_t, release: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.release = release
    }

    /// Releases the identifier. Closing a file closes its objects too (files are opened with
    /// the strong close degree), so an object's identifier may already be invalid here; it
    /// is released only while the library still knows it.
    @discardableResult
    func close() -> Bool {
        guard isOpen else { return true }
        isOpen = false
        HDF5Library.prepare()
        guard H5Iis_valid(id) > 0 else { return true }
        return release(id) >= 0
    }

    deinit { close() }

    static func dataspace(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, release: H5Sclose) }
    static func datatype(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, release: H5Tclose) }
    static func propertyList(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, release: H5Pclose) }
    static func attribute(_ id: hid_t) -> HDF5Handle { HDF5Handle(id, release: H5Aclose) }
}
