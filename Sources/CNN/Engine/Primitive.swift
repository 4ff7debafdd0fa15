import Foundation
import CDNNL

/// An activation inside a network: oneDNN memory in whatever layout the producing primitive chose (often blocked,
/// e.g. `nChw16c`), with its logical 1×C×H×W shape. After a fully connected layer the memory is 2-D (1×C) and
/// H = W = 1. Layouts are converted only at the ends of a network (`FeatureTensor.memory`, `featureTensor`).
struct DNNLTensor: @unchecked Sendable {
    var memory: DNNLMemory
    var channels: Int
    var height: Int
    var width: Int

    /// This activation as a planar C×H×W tensor (one reorder to `nchw`, or `nc` for a 2-D memory).
    func featureTensor(layer: String) throws -> FeatureTensor {
        if memory.descriptor.ndims == 2 {
            let plain = try memory.reordered(to: try DNNL.descriptor([1, channels], dnnl_nc, layer: layer), layer: layer)
            return FeatureTensor(channels: channels, height: 1, width: 1, values: plain.read(channels))
        }
        return try FeatureTensor(memory, channels: channels, height: height, width: width, layer: layer)
    }
}

extension FeatureTensor {
    /// This tensor as a network activation in plain `nchw` memory.
    func dnnlTensor(layer: String) throws -> DNNLTensor {
        DNNLTensor(memory: try memory(layer: layer), channels: channels, height: height, width: width)
    }
}

/// A primitive compiled for one input shape: the primitive and the memory descriptors it was created for.
/// Creation is costly (oneDNN generates code), so layers keep one per input size.
final class CompiledPrimitive: @unchecked Sendable {
    let primitive: dnnl_primitive_t
    /// The source descriptors the primitive expects (inputs in another layout are reordered to these).
    let sources: [dnnl_memory_desc_t]
    let destination: dnnl_memory_desc_t
    /// Constant operands (weights, bias) already in the primitive's layouts, by execution-argument index.
    let constants: [(argument: Int32, memory: DNNLMemory)]
    /// The scratchpad the primitive needs (size 0: none); borrowed from `Scratchpad` at each execution.
    let scratchpad: dnnl_memory_desc_t

    deinit { dnnl_primitive_destroy(primitive) }

    /// Creates the primitive of `pd` and takes its source, destination and scratchpad descriptors from it
    /// (scratchpad in user mode, see `DNNL.attributes`; the buffer is the shared `Scratchpad`).
    init(_ pd: dnnl_primitive_desc_t, sourceQueries: [(dnnl_query_t, Int32)] = [(dnnl_query_src_md, 0)],
         constants: [(argument: Int32, memory: DNNLMemory)] = [], layer: String) throws {
        var primitive: dnnl_primitive_t?
        try DNNL.check(dnnl_primitive_create(&primitive, pd), "dnnl_primitive_create", layer)
        self.primitive = primitive!
        sources = sourceQueries.map { DNNL.query(pd, $0.0, $0.1) }
        destination = DNNL.query(pd, dnnl_query_dst_md, 0)
        self.constants = constants
        scratchpad = DNNL.query(pd, dnnl_query_scratchpad_md, 0)
    }

    /// A weighted primitive (convolution, inner product): its weights, given plain in `plainLayout`, reordered once
    /// into the layout `pd` chose, and its bias, as constants.
    convenience init(_ pd: dnnl_primitive_desc_t, weights: [Float], plainLayout: dnnl_memory_desc_t, bias: [Float],
                     layer: String) throws {
        let plainWeights = try DNNLMemory(plainLayout, layer: layer)
        plainWeights.write(weights)
        let biasMemory = try DNNLMemory(DNNL.query(pd, dnnl_query_weights_md, 1), layer: layer)
        biasMemory.write(bias)
        let chosenWeights = try plainWeights.reordered(to: DNNL.query(pd, dnnl_query_weights_md, 0), layer: layer)
        try self.init(pd, constants: [(cbir_dnnl_arg_weights, chosenWeights), (cbir_dnnl_arg_bias, biasMemory)],
                      layer: layer)
    }

    /// Runs the primitive on `inputs` (argument index, memory; reordered to `sources` in order when their layout
    /// differs) into a new destination memory, and waits for it.
    ///
    /// With `accumulator` (a primitive created with a sum post-op) the destination starts as the accumulator's
    /// content: its own memory, overwritten in place, when its layout is the destination's, else a reordered copy.
    func execute(_ inputs: [(argument: Int32, memory: DNNLMemory)], accumulator: DNNLMemory? = nil,
                 layer: String) throws -> DNNLMemory {
        precondition(inputs.count == sources.count, "\(layer): \(inputs.count) inputs for \(sources.count) sources")
        let converted = try zip(inputs, sources).map { ($0.argument, try $0.memory.reordered(to: $1, layer: layer)) }
        let output = try accumulator?.reordered(to: destination, layer: layer) ?? DNNLMemory(destination, layer: layer)
        return try Scratchpad.shared.borrow(scratchpad, layer: layer) { scratch in
            let operands = converted + constants.map { ($0.argument, $0.memory) } + [(cbir_dnnl_arg_dst, output)]
                + (scratch.map { [(cbir_dnnl_arg_scratchpad, $0)] } ?? [])
            var args = operands.map { dnnl_exec_arg_t(arg: $0.0, memory: $0.1.memory) }
            // `args` holds raw handles: the DNNLMemory objects (e.g. reordered inputs) must outlive the execution,
            // which an optimised build would otherwise not guarantee past their last use.
            try withExtendedLifetime(operands) {
                try DNNL.check(dnnl_primitive_execute(primitive, DNNL.shared.stream, Int32(args.count), &args),
                               "dnnl_primitive_execute", layer)
                try DNNL.check(dnnl_stream_wait(DNNL.shared.stream), "dnnl_stream_wait", layer)
            }
            return output
        }
    }
}

extension DNNL {
    /// The memory descriptor `what` (index `index`) of a primitive descriptor.
    static func query(_ pd: dnnl_primitive_desc_t, _ what: dnnl_query_t, _ index: Int32) -> dnnl_memory_desc_t {
        dnnl_primitive_desc_query_md(pd, what, index)!.pointee
    }

    /// Primitive attributes (the caller destroys them): `activation` fused as an eltwise post-op, and the
    /// scratchpad in user mode — executions borrow the shared `Scratchpad`, because oneDNN's default library-wide
    /// scratchpad requires a primitive to run on the thread that created it, which Swift concurrency does not promise.
    static func attributes(activation: Activation, sum: Bool = false, layer: String) throws -> dnnl_primitive_attr_t {
        var attr: dnnl_primitive_attr_t?
        try check(dnnl_primitive_attr_create(&attr), "dnnl_primitive_attr_create", layer)
        do {
            try check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user),
                      "dnnl_primitive_attr_set_scratchpad_mode", layer)
            if activation != .none || sum {
                var ops: dnnl_post_ops_t?
                try check(dnnl_post_ops_create(&ops), "dnnl_post_ops_create", layer)
                defer { dnnl_post_ops_destroy(ops) }
                // dst ← activation(op(src) + dst): the sum post-op adds the destination's previous content.
                if sum { try check(dnnl_post_ops_append_sum(ops, 1), "dnnl_post_ops_append_sum", layer) }
                if activation != .none {
                    let status = activation == .relu
                        ? dnnl_post_ops_append_eltwise(ops, 1, dnnl_eltwise_relu, 0, 0)
                        : dnnl_post_ops_append_eltwise(ops, 1, dnnl_eltwise_clip, 0, 6)
                    try check(status, "dnnl_post_ops_append_eltwise", layer)
                }
                try check(dnnl_primitive_attr_set_post_ops(attr, ops), "dnnl_primitive_attr_set_post_ops", layer)
            }
        } catch {
            dnnl_primitive_attr_destroy(attr)
            throw error
        }
        return attr!
    }

    /// The primitive descriptor of an operation descriptor (`dnnl_*_desc_t`) with `DNNL.attributes(activation:)`;
    /// the caller destroys it.
    static func primitiveDescriptor(_ operation: UnsafeRawPointer, activation: Activation, sum: Bool = false,
                                    layer: String) throws -> dnnl_primitive_desc_t {
        let attr = try attributes(activation: activation, sum: sum, layer: layer)
        defer { dnnl_primitive_attr_destroy(attr) }
        var pd: dnnl_primitive_desc_t?
        try check(dnnl_primitive_desc_create(&pd, operation, attr, shared.engine, nil), "dnnl_primitive_desc_create", layer)
        return pd!
    }
}

/// One scratchpad buffer for every primitive of the process, grown to the largest size asked for. Primitives use
/// oneDNN's user-mode scratchpad (oneDNN's own library-wide one requires running on the creating thread, which Swift
/// concurrency does not promise); a buffer per primitive would hold, e.g., Winograd's large transforms once per
/// layer. Executions borrowing it are serialised by its lock (they run one at a time on the shared stream anyway).
final class Scratchpad: @unchecked Sendable {
    static let shared = Scratchpad()
    private let lock = NSLock()
    private var buffer: UnsafeMutableRawPointer?
    private var capacity = 0

    /// Runs `body` with a memory of descriptor `md` over the shared buffer (nil when `md` has size 0).
    func borrow<T>(_ md: dnnl_memory_desc_t, layer: String, _ body: (DNNLMemory?) throws -> T) throws -> T {
        var md = md
        let size = dnnl_memory_desc_get_size(&md)
        guard size > 0 else { return try body(nil) }
        lock.lock()
        defer { lock.unlock() }
        if size > capacity {
            buffer?.deallocate()
            buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            capacity = size
        }
        return try body(try DNNLMemory(md, handle: buffer!, layer: layer))
    }
}
