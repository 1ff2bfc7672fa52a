/// A dense, contiguous, row-major array of Float32 values with a shape (NCHW for images).
///
/// A tensor is a reference type, like a Caffe blob: layers own their output and gradient
/// tensors and reuse them from step to step, so a training loop allocates nothing once the
/// shapes have settled. A tensor returned by a layer stays valid until that layer's next call.
/// Views made by ``reshaped(_:)`` share storage with the tensor they came from.
public final class Tensor: @unchecked Sendable, CustomStringConvertible {
    public private(set) var shape: [Int]
    public private(set) var count: Int
    @usableFromInline var storage: TensorStorage

    /// A zero-filled tensor.
    public init(zeros shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.storage = TensorStorage(capacity: count)
    }

    /// A tensor filled with `value`.
    public convenience init(shape: [Int], repeating value: Float) {
        self.init(zeros: shape)
        fill(value)
    }

    /// A tensor holding `values` in row-major order; `values.count` must equal the shape's product.
    public init(shape: [Int], values: [Float]) throws {
        let count = shape.reduce(1, *)
        guard shape.allSatisfy({ $0 >= 0 }), values.count == count else {
            throw EngineError.shapeMismatch(
                "Tensor(shape:values:)",
                "shape \(shape) holds \(count) values but \(values.count) were given")
        }
        self.shape = shape
        self.count = count
        self.storage = TensorStorage(capacity: count)
        values.withUnsafeBufferPointer { source in
            if count > 0 { storage.pointer.update(from: source.baseAddress!, count: count) }
        }
    }

    private init(shape: [Int], count: Int, storage: TensorStorage) {
        self.shape = shape
        self.count = count
        self.storage = storage
    }

    /// The first element's address; valid while the tensor lives and is not resized.
    @inlinable public var data: UnsafeMutablePointer<Float> { storage.pointer }

    /// The elements as a buffer, for loops that want bounds in debug builds.
    @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: storage.pointer, count: count)
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// Element at a flat (row-major) index.
    @inlinable public subscript(_ index: Int) -> Float {
        get { precondition(index >= 0 && index < count); return storage.pointer[index] }
        set { precondition(index >= 0 && index < count); storage.pointer[index] = newValue }
    }

    /// Element at a multi-dimensional index.
    public subscript(index: [Int]) -> Float {
        get { storage.pointer[flatIndex(index)] }
        set { storage.pointer[flatIndex(index)] = newValue }
    }

    private func flatIndex(_ index: [Int]) -> Int {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (i, d) in zip(index, shape) {
            precondition(i >= 0 && i < d, "index \(index) out of range for shape \(shape)")
            flat = flat * d + i
        }
        return flat
    }

    /// Changes the shape, reallocating only when the new shape needs more room than the
    /// storage has. Contents are unspecified afterwards; callers overwrite or ``zero()``.
    /// Views made earlier keep the old storage if a reallocation happens.
    public func resize(_ newShape: [Int]) {
        if newShape == shape { return }
        let newCount = newShape.reduce(1, *)
        precondition(newShape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(newShape)")
        if newCount > storage.capacity { storage = TensorStorage(capacity: newCount) }
        shape = newShape
        count = newCount
    }

    /// A view with another shape and the same elements (storage is shared). One dimension
    /// may be -1 and is inferred.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var resolved = newShape
        if let inferred = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != inferred }.map(\.element)
                .reduce(1, *)
            guard known > 0, count % known == 0 else {
                throw EngineError.shapeMismatch("reshape", "cannot reshape \(shape) to \(newShape)")
            }
            resolved[inferred] = count / known
        }
        guard resolved.allSatisfy({ $0 >= 0 }), resolved.reduce(1, *) == count else {
            throw EngineError.shapeMismatch("reshape", "cannot reshape \(shape) to \(newShape)")
        }
        return Tensor(shape: resolved, count: count, storage: storage)
    }

    /// An independent copy.
    public func copy() -> Tensor {
        let result = Tensor(zeros: shape)
        if count > 0 { result.data.update(from: data, count: count) }
        return result
    }

    /// Copies `other`'s elements into this tensor, resizing it to `other`'s shape.
    public func assign(_ other: Tensor) {
        resize(other.shape)
        if count > 0 && other.data != data { data.update(from: other.data, count: count) }
    }

    /// Sets every element to zero.
    public func zero() {
        if count > 0 { data.update(repeating: 0, count: count) }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        if count > 0 { data.update(repeating: value, count: count) }
    }

    /// The elements as an array (row-major).
    public var array: [Float] { Array(buffer) }

    /// The scalar held by a one-element tensor.
    public var scalar: Float {
        precondition(count == 1, "scalar of a tensor with shape \(shape)")
        return data[0]
    }

    public var description: String {
        let shown = array.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}

/// Storage behind one or more tensors: 64-byte aligned so vector loads never split cache lines.
public final class TensorStorage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(capacity, 1) * MemoryLayout<Float>.stride, alignment: 64)
        pointer = raw.bindMemory(to: Float.self, capacity: max(capacity, 1))
        pointer.initialize(repeating: 0, count: max(capacity, 1))
    }

    deinit { pointer.deallocate() }
}
