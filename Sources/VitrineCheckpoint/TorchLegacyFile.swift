import Foundation
import VitrineEngine

/// A state dict saved by PyTorch's legacy serializer (`torch.save` before 1.6, or with
/// `_use_new_zipfile_serialization=False`), read without PyTorch: facenet-pytorch's released
/// MTCNN weights (`pnet.pt`, `rnet.pt`, `onet.pt`) are such files.
///
/// The file is five pickles and then raw data:
/// 1. the magic number 0x1950a86a20f9469cfc6c; 2. the protocol version, 1001; 3. system info
///    (`little_endian` must be true);
/// 4. the object: here an `OrderedDict` of names to tensors, each rebuilt by
///    `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …)`, where `storage` is a
///    persistent id `('storage', torch.FloatStorage, key, location, numel, None)`;
/// 5. the list of storage keys; then, for each key in that order, the storage's element count
///    (int64, little-endian) and its elements' bytes.
///
/// The pickle reader knows only the opcodes and callables these files use (protocol 2); any
/// other is an error naming it and its byte offset, never a guess. Storages other than float32
/// are errors too.
public enum TorchLegacyFile {
    public static let magicNumber: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    public static let protocolVersion = 1001

    /// The state dict in `path`, in the order it was saved.
    public static func stateDict(at path: String) throws -> [(String, Tensor)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TorchLegacyError(path, "cannot read the file")
        }
        return try stateDict(data: data, name: path)
    }

    /// The state dict in `data`; `name` names the file in errors.
    public static func stateDict(data: Data, name: String) throws -> [(String, Tensor)] {
        let bytes = [UInt8](data)
        var position = 0
        func next(_ what: String) throws -> PickleValue {
            var machine = PickleMachine(bytes: bytes, position: position, name: name)
            do {
                let value = try machine.run()
                position = machine.position
                return value
            } catch let error as TorchLegacyError {
                throw TorchLegacyError(name, "\(what): \(error.message)")
            }
        }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw TorchLegacyError(name, "this is PyTorch's zip format (torch.save since 1.6), not the legacy format")
        }
        guard case .bigInt(let magic) = try next("magic number"), magic == magicNumber else {
            throw TorchLegacyError(name, "not a PyTorch legacy file (wrong magic number)")
        }
        guard case .int(let version) = try next("protocol version"), version == protocolVersion else {
            throw TorchLegacyError(name, "unsupported PyTorch legacy protocol version (expected \(protocolVersion))")
        }
        guard case .dict(let info) = try next("system info"),
              case .bool(true)? = info.value(forKey: "little_endian") else {
            throw TorchLegacyError(name, "the file was written big-endian or its system info is missing")
        }
        let object = try next("state dict")
        guard case .list(let keyList) = try next("storage keys") else {
            throw TorchLegacyError(name, "the storage key list is missing")
        }
        // Raw storages, in key order.
        var storages: [String: (offset: Int, count: Int)] = [:]
        for key in keyList.items {
            guard case .string(let key) = key else { throw TorchLegacyError(name, "a storage key is not a string") }
            guard position + 8 <= bytes.count else {
                throw TorchLegacyError(name, "truncated: storage \(key)'s size is missing at byte \(position)")
            }
            let count = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[position + $1]) << (8 * $1) }
            guard count <= UInt64(bytes.count) / 4, position + 8 + Int(count) * 4 <= bytes.count else {
                throw TorchLegacyError(name, "truncated: storage \(key) declares \(count) elements past the end of the file")
            }
            storages[key] = (position + 8, Int(count))
            position += 8 + Int(count) * 4
        }
        guard position == bytes.count else {
            throw TorchLegacyError(name, "\(bytes.count - position) unexpected bytes after the last storage")
        }
        guard case .dict(let dict) = object else {
            throw TorchLegacyError(name, "the saved object is a \(object.kind), not a state dict")
        }
        return try dict.items.map { key, value in
            guard case .string(let parameter) = key else {
                throw TorchLegacyError(name, "a state dict key is a \(key.kind), not a string")
            }
            guard case .tensor(let reference) = value else {
                throw TorchLegacyError(name, "'\(parameter)' is a \(value.kind), not a tensor")
            }
            guard let storage = storages[reference.storage.key] else {
                throw TorchLegacyError(name, "'\(parameter)' uses storage \(reference.storage.key), which the file does not hold")
            }
            guard storage.count == reference.storage.count else {
                throw TorchLegacyError(name, "storage \(reference.storage.key) holds \(storage.count) elements, its reference says \(reference.storage.count)")
            }
            return (parameter, try reference.materialize(bytes, storageOffset: storage.offset, storageCount: storage.count,
                                                         name: "\(name): '\(parameter)'"))
        }
    }
}

/// A legacy PyTorch file that cannot be read, with the file and what is wrong.
public struct TorchLegacyError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let message: String
    public init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}

/// A storage a tensor points to: its key among the file's storages and its element count.
struct StorageReference: Equatable {
    let key: String
    let count: Int
}

/// `_rebuild_tensor_v2`'s arguments: a strided view of a storage.
struct TensorReference: Equatable {
    let storage: StorageReference
    let offset: Int
    let shape: [Int]
    let strides: [Int]

    /// The tensor's elements gathered from the raw float32 storage at `storageOffset`, in
    /// row-major order of `shape`, each index bounds-checked.
    func materialize(_ bytes: [UInt8], storageOffset: Int, storageCount: Int, name: String) throws -> Tensor {
        guard shape.allSatisfy({ $0 >= 0 }), offset >= 0 else {
            throw TorchLegacyError(name, "negative size \(shape) or offset \(offset)")
        }
        let count = shape.reduce(1, *)
        if count > 0 {
            let last = offset + zip(shape, strides).reduce(0) { $0 + ($1.0 - 1) * $1.1 }
            guard strides.allSatisfy({ $0 >= 0 }), last < storageCount else {
                throw TorchLegacyError(name, "size \(shape), stride \(strides), offset \(offset) reach past its storage of \(storageCount) elements")
            }
        }
        let tensor = Tensor(zeros: shape)
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<count {
            var element = offset
            for (i, s) in zip(index, strides) { element += i * s }
            let at = storageOffset + element * 4
            let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
            tensor.data[flat] = Float(bitPattern: bits)
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return tensor
    }
}

/// A list; a reference type because APPENDS mutates the list the memo also holds.
final class PickleList {
    var items: [PickleValue] = []
}

/// A dict keeping insertion order (an `OrderedDict` or a plain dict).
final class PickleDict {
    var items: [(PickleValue, PickleValue)] = []

    func set(_ key: PickleValue, _ value: PickleValue) {
        if let i = items.firstIndex(where: { $0.0 == key }) { items[i].1 = value } else { items.append((key, value)) }
    }

    func value(forKey key: String) -> PickleValue? {
        items.first { $0.0 == .string(key) }?.1
    }
}

/// The values this reader builds.
indirect enum PickleValue: Equatable {
    case none
    case bool(Bool)
    case int(Int)
    /// A LONG1 too wide for Int (the file's magic number), as its little-endian bytes.
    case bigInt([UInt8])
    case string(String)
    case tuple([PickleValue])
    case list(PickleList)
    case dict(PickleDict)
    /// A `GLOBAL` reference, `module.name`.
    case global(String, String)
    case storage(StorageReference)
    case tensor(TensorReference)

    static func == (a: PickleValue, b: PickleValue) -> Bool {
        switch (a, b) {
        case (.none, .none): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.bigInt(x), .bigInt(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.tuple(x), .tuple(y)): return x == y
        case let (.list(x), .list(y)): return x === y
        case let (.dict(x), .dict(y)): return x === y
        case let (.global(m, n), .global(m2, n2)): return m == m2 && n == n2
        case let (.storage(x), .storage(y)): return x == y
        case let (.tensor(x), .tensor(y)): return x == y
        default: return false
        }
    }

    /// What the value is, for error messages.
    var kind: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .string: return "str"
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case let .global(module, name): return "\(module).\(name)"
        case .storage: return "storage"
        case .tensor: return "tensor"
        }
    }
}

/// One pickle, from PROTO to STOP, run on a stack machine that knows the opcodes PyTorch's
/// legacy state dicts use.
struct PickleMachine {
    let bytes: [UInt8]
    var position: Int
    let name: String
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]

    init(bytes: [UInt8], position: Int, name: String) {
        self.bytes = bytes
        self.position = position
        self.name = name
    }

    mutating func run() throws -> PickleValue {
        while true {
            let at = position
            let opcode = try byte()
            switch opcode {
            case 0x80: // PROTO
                let version = try byte()
                guard version <= 2 else { throw fail(at, "pickle protocol \(version) is not supported (PyTorch's legacy files use 2)") }
            case 0x2E: // STOP
                guard stack.count == 1, marks.isEmpty else { throw fail(at, "STOP with \(stack.count) values on the stack") }
                return stack[0]
            case 0x28: // MARK
                marks.append(stack.count)
            case 0x4E: stack.append(.none) // NONE
            case 0x88: stack.append(.bool(true)) // NEWTRUE
            case 0x89: stack.append(.bool(false)) // NEWFALSE
            case 0x4A: // BININT: signed 32-bit
                stack.append(.int(Int(Int32(bitPattern: UInt32(try unsigned(4))))))
            case 0x4B: stack.append(.int(try unsigned(1))) // BININT1
            case 0x4D: stack.append(.int(try unsigned(2))) // BININT2
            case 0x8A: // LONG1: n little-endian two's-complement bytes
                let raw = try take(try byte())
                stack.append(raw.count <= 8 ? .int(Self.signedInteger(raw)) : .bigInt(raw))
            case 0x58: // BINUNICODE
                let raw = try take(try unsigned(4))
                guard let text = String(bytes: raw, encoding: .utf8) else { throw fail(at, "a string is not valid UTF-8") }
                stack.append(.string(text))
            case 0x29: stack.append(.tuple([])) // EMPTY_TUPLE
            case 0x74: stack.append(.tuple(try popMark(at))) // TUPLE
            case 0x85, 0x86: // TUPLE1, TUPLE2
                let n = opcode == 0x85 ? 1 : 2
                let items = Array(try popValues(n, at))
                stack.append(.tuple(items))
            case 0x5D: stack.append(.list(PickleList())) // EMPTY_LIST
            case 0x65: // APPENDS
                let items = try popMark(at)
                guard case .list(let list)? = stack.last else { throw fail(at, "APPENDS to a \(stack.last?.kind ?? "nothing"), not a list") }
                list.items += items
            case 0x7D: stack.append(.dict(PickleDict())) // EMPTY_DICT
            case 0x73: // SETITEM
                let pair = try popValues(2, at)
                try setItems(pair, at)
            case 0x75: // SETITEMS
                let items = try popMark(at)
                guard items.count % 2 == 0 else { throw fail(at, "SETITEMS with an odd number of values") }
                try setItems(items, at)
            case 0x71: memo[try unsigned(1)] = try top(at) // BINPUT
            case 0x68: // BINGET
                let key = try unsigned(1)
                guard let value = memo[key] else { throw fail(at, "BINGET \(key) of a memo entry never stored") }
                stack.append(value)
            case 0x63: // GLOBAL: "module\nname\n"
                let module = try line(at), name = try line(at)
                stack.append(.global(module, name))
            case 0x52: // REDUCE
                let pair = try popValues(2, at)
                guard case .tuple(let arguments) = pair[1] else { throw fail(at, "REDUCE with \(pair[1].kind) arguments") }
                stack.append(try call(pair[0], arguments, at))
            case 0x62: // BUILD: an OrderedDict's state (state_dict's `_metadata`) is not needed
                let pair = try popValues(2, at)
                guard case .dict = pair[0] else { throw fail(at, "BUILD on a \(pair[0].kind): only a state dict's metadata is expected") }
                stack.append(pair[0])
            case 0x51: // BINPERSID
                let id = try popValues(1, at)[0]
                stack.append(try storage(id, at))
            default:
                let printable = (0x20...0x7E).contains(opcode) ? " ('\(Character(UnicodeScalar(UInt8(opcode))))')" : ""
                throw fail(at, String(format: "pickle opcode 0x%02x", opcode) + printable
                    + " is not supported: this reader knows only the opcodes of PyTorch's legacy state dicts")
            }
        }
    }

    private func fail(_ at: Int, _ message: String) -> TorchLegacyError {
        TorchLegacyError(name, "\(message) (byte \(at))")
    }

    private mutating func byte() throws -> Int {
        guard position < bytes.count else { throw fail(position, "truncated pickle") }
        position += 1
        return Int(bytes[position - 1])
    }

    private mutating func take(_ count: Int) throws -> [UInt8] {
        guard count >= 0, position + count <= bytes.count else { throw fail(position, "truncated pickle") }
        position += count
        return Array(bytes[(position - count)..<position])
    }

    private mutating func unsigned(_ width: Int) throws -> Int {
        try take(width).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }

    private mutating func line(_ at: Int) throws -> String {
        guard let end = bytes[position...].firstIndex(of: 0x0A) else { throw fail(at, "truncated pickle: GLOBAL without a newline") }
        let text = String(decoding: bytes[position..<end], as: UTF8.self)
        position = end + 1
        return text
    }

    private static func signedInteger(_ raw: [UInt8]) -> Int {
        guard !raw.isEmpty else { return 0 }
        var value = raw.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        if raw.count < 8, raw.last! & 0x80 != 0 { value |= ~UInt64(0) << (8 * UInt64(raw.count)) }
        return Int(Int64(bitPattern: value))
    }

    private func top(_ at: Int) throws -> PickleValue {
        guard let value = stack.last else { throw fail(at, "memo store from an empty stack") }
        return value
    }

    private mutating func popValues(_ n: Int, _ at: Int) throws -> [PickleValue] {
        guard stack.count - n >= (marks.last ?? 0) else { throw fail(at, "stack underflow") }
        defer { stack.removeLast(n) }
        return Array(stack.suffix(n))
    }

    private mutating func popMark(_ at: Int) throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw fail(at, "no MARK to pop to") }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    private mutating func setItems(_ items: [PickleValue], _ at: Int) throws {
        guard case .dict(let dict)? = stack.last else { throw fail(at, "SETITEM on a \(stack.last?.kind ?? "nothing"), not a dict") }
        for i in stride(from: 0, to: items.count, by: 2) { dict.set(items[i], items[i + 1]) }
    }

    /// REDUCE: the callables a legacy state dict uses.
    private func call(_ callable: PickleValue, _ arguments: [PickleValue], _ at: Int) throws -> PickleValue {
        switch callable {
        case .global("collections", "OrderedDict") where arguments.isEmpty:
            return .dict(PickleDict())
        case .global("torch._utils", "_rebuild_tensor_v2"):
            // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
            guard arguments.count >= 4, case .storage(let storage) = arguments[0], case .int(let offset) = arguments[1],
                  let shape = Self.ints(arguments[2]), let strides = Self.ints(arguments[3]), shape.count == strides.count
            else { throw fail(at, "_rebuild_tensor_v2 with unexpected arguments") }
            return .tensor(TensorReference(storage: storage, offset: offset, shape: shape, strides: strides))
        default:
            throw fail(at, "calling \(callable.kind) is not supported: this reader rebuilds only OrderedDicts and tensors")
        }
    }

    private static func ints(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items) = value else { return nil }
        let values = items.compactMap { item -> Int? in if case .int(let v) = item { return v }; return nil }
        return values.count == items.count ? values : nil
    }

    /// BINPERSID: `('storage', torch.<Type>Storage, key, location, numel, view_metadata)`.
    private func storage(_ id: PickleValue, _ at: Int) throws -> PickleValue {
        guard case .tuple(let parts) = id, parts.count == 6, parts[0] == .string("storage"),
              case .global(let module, let type) = parts[1], case .string(let key) = parts[2],
              case .int(let count) = parts[4] else {
            throw fail(at, "a persistent id that is not a storage reference")
        }
        guard module == "torch", type == "FloatStorage" else {
            throw fail(at, "storage \(key) is \(module).\(type); only float32 (torch.FloatStorage) is supported")
        }
        guard parts[5] == .none else { throw fail(at, "storage \(key) is a view of another storage, which is not supported") }
        return .storage(StorageReference(key: key, count: count))
    }
}
