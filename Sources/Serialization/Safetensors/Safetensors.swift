import Foundation

/// Reads safetensors files (https://huggingface.co/docs/safetensors, `safetensors/src/tensor.rs`): an 8-byte
/// little-endian header length N, N bytes of UTF-8 JSON `{"__metadata__": {...}, "<name>": {"dtype": "F32",
/// "shape": [...], "data_offsets": [begin, end]}, ...}`, then the raw little-endian C-contiguous data, offsets
/// relative to its start.
///
/// Validation, as the reference implementation does: the header fits the file and is a JSON object; every dtype is
/// known; `end - begin` equals ∏shape × element size; sorted by `begin`, the tensors tile the data exactly (no
/// overlap, no hole, the last one ends at the end of the file). Tensors are returned in data order. U64 values above
/// `Int.max` wrap (such checkpoints do not occur in this project's CNNs).
///
///     let tensors = try Safetensors.load(contentsOf: url)   // [(name: "conv.weight", tensor: TorchTensor)]
public enum Safetensors {
    /// safetensors dtype code → the dtype names `TorchTensor` uses.
    static let dtypes = ["F64": "float64", "F32": "float32", "F16": "float16", "BF16": "bfloat16", "I64": "int64",
                         "I32": "int32", "I16": "int16", "I8": "int8", "U8": "uint8", "U16": "uint16",
                         "U32": "uint32", "U64": "uint64", "BOOL": "bool"]

    public static func load(contentsOf url: URL) throws -> [(name: String, tensor: TorchTensor)] {
        try load(readFileBytes(url), file: url.path).tensors
    }

    /// The `__metadata__` string map of the file (empty when absent).
    public static func metadata(contentsOf url: URL) throws -> [String: String] {
        try load(readFileBytes(url), file: url.path).metadata
    }

    static func load(_ bytes: [UInt8], file: String) throws
        -> (tensors: [(name: String, tensor: TorchTensor)], metadata: [String: String])
    {
        func fail(_ tensor: String?, _ problem: String) -> SerializationError {
            .safetensors(file: file, tensor: tensor, problem: problem)
        }
        var reader = ByteReader(bytes)
        guard let length = try? reader.uintLE(8) else { throw fail(nil, "truncated: shorter than the 8-byte header length") }
        guard length <= UInt64(reader.remaining) else {
            throw fail(nil, "the header length \(length) exceeds the \(reader.remaining) bytes after it (truncated, or not safetensors)")
        }
        let headerBytes = try! reader.take(Int(length))
        let dataStart = reader.offset, dataCount = bytes.count - dataStart
        guard let object = try? JSONSerialization.jsonObject(with: Data(headerBytes)), let header = object as? [String: Any] else {
            throw fail(nil, "the header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        if let meta = header["__metadata__"] {
            guard let m = meta as? [String: String] else { throw fail(nil, "__metadata__ must map strings to strings") }
            metadata = m
        }
        struct Entry { var name: String; var type: TorchStorageType; var shape: [Int]; var begin: Int; var end: Int }
        var entries: [Entry] = []
        // Validation runs in a fixed order (by name) so that the first error reported does not depend on hashing.
        for (name, value) in header.sorted(by: { $0.key < $1.key }) where name != "__metadata__" {
            guard let info = value as? [String: Any], let code = info["dtype"] as? String,
                  let shapeValues = info["shape"] as? [NSNumber], let offsets = info["data_offsets"] as? [NSNumber],
                  offsets.count == 2 else {
                throw fail(name, "expected {\"dtype\", \"shape\", \"data_offsets\": [begin, end]}")
            }
            guard let dtype = dtypes[code], let type = TorchStorageType.byDType[dtype] else {
                throw fail(name, "unsupported dtype \(code); expected one of \(dtypes.keys.sorted().joined(separator: ", "))")
            }
            let shape = shapeValues.map(\.intValue), begin = offsets[0].intValue, end = offsets[1].intValue
            var count = 1
            for n in shape {
                let (c, overflow) = count.multipliedReportingOverflow(by: n)
                guard n >= 0, !overflow else { throw fail(name, "invalid shape \(shape)") }
                count = c
            }
            guard begin >= 0, end >= begin, end <= dataCount else {
                throw fail(name, "data_offsets [\(begin), \(end)] lie outside the \(dataCount) data bytes")
            }
            guard count.multipliedReportingOverflow(by: type.size) == (end - begin, false) else {
                throw fail(name, "data_offsets span \(end - begin) bytes but shape \(shape) of \(code) needs \(count * type.size)")
            }
            entries.append(Entry(name: name, type: type, shape: shape, begin: begin, end: end))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var expectedBegin = 0
        for e in entries {
            guard e.begin == expectedBegin else {
                throw fail(e.name, e.begin < expectedBegin
                    ? "its data [\(e.begin), \(e.end)] overlaps the previous tensor (which ends at \(expectedBegin))"
                    : "a hole of \(e.begin - expectedBegin) bytes precedes its data at \(e.begin)")
            }
            expectedBegin = e.end
        }
        guard expectedBegin == dataCount else {
            throw fail(nil, "the tensors cover \(expectedBegin) of the \(dataCount) data bytes")
        }
        let tensors = try entries.map { e -> (name: String, tensor: TorchTensor) in
            let raw = Array(bytes[(dataStart + e.begin)..<(dataStart + e.end)])
            var strides = [Int](repeating: 1, count: e.shape.count)
            for d in stride(from: e.shape.count - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * e.shape[d + 1] }
            let (values, integers) = try e.type.materialise(raw, offset: 0, shape: e.shape, strides: strides)
            return (e.name, TorchTensor(dtype: e.type.dtype, shape: e.shape, strides: strides, storageOffset: 0,
                                        values: values, integers: integers))
        }
        return (tensors, metadata)
    }
}
