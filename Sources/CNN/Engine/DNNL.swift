import CDNNL

/// The oneDNN CPU engine and stream shared by every network, and the status check of every oneDNN call.
final class DNNL: @unchecked Sendable {
    let engine: dnnl_engine_t
    let stream: dnnl_stream_t

    static let shared: DNNL = {
        var engine: dnnl_engine_t?
        var stream: dnnl_stream_t?
        precondition(dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success, "dnnl_engine_create failed")
        precondition(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success,
                     "dnnl_stream_create failed")
        return DNNL(engine: engine!, stream: stream!)
    }()

    private init(engine: dnnl_engine_t, stream: dnnl_stream_t) {
        self.engine = engine
        self.stream = stream
    }

    /// oneDNN's version.
    static var version: String {
        let v = dnnl_version()!.pointee
        return "\(v.major).\(v.minor).\(v.patch)"
    }

    /// Sets the number of threads of oneDNN's OpenMP runtime.
    static func setThreads(_ n: Int) { omp_set_num_threads(Int32(max(1, n))) }

    /// Throws `CNNError.dnnl` unless `status` is success.
    @inline(__always)
    static func check(_ status: dnnl_status_t, _ function: String, _ layer: String) throws {
        guard status == dnnl_success else {
            throw CNNError.dnnl(function: function, status: Int(status.rawValue), layer: layer)
        }
    }

    /// A memory descriptor of f32 `dims` in format `tag`.
    static func descriptor(_ dims: [Int], _ tag: dnnl_format_tag_t, layer: String) throws -> dnnl_memory_desc_t {
        var md = dnnl_memory_desc_t()
        let d = dims.map { dnnl_dim_t($0) }
        try check(d.withUnsafeBufferPointer {
            dnnl_memory_desc_init_by_tag(&md, Int32(d.count), $0.baseAddress, dnnl_f32, tag)
        }, "dnnl_memory_desc_init_by_tag", layer)
        return md
    }
}

/// A oneDNN memory object with its descriptor; freed with the object.
final class DNNLMemory: @unchecked Sendable {
    let memory: dnnl_memory_t
    var descriptor: dnnl_memory_desc_t
    /// The buffer this memory owns (from `BufferPool.shared`, given back when the memory is freed).
    private let owned: (pointer: UnsafeMutableRawPointer, capacity: Int)?

    /// New memory of descriptor `md` over a buffer of `BufferPool.shared`.
    init(_ md: dnnl_memory_desc_t, layer: String) throws {
        var md = md
        let buffer = BufferPool.shared.take(dnnl_memory_desc_get_size(&md))
        var memory: dnnl_memory_t?
        do {
            try DNNL.check(dnnl_memory_create(&memory, &md, DNNL.shared.engine, buffer.pointer), "dnnl_memory_create", layer)
        } catch {
            BufferPool.shared.give(buffer.pointer, capacity: buffer.capacity)
            throw error
        }
        self.memory = memory!
        self.descriptor = md
        owned = buffer
    }

    /// Memory of descriptor `md` over a buffer owned by the caller, which must outlive it.
    init(_ md: dnnl_memory_desc_t, handle: UnsafeMutableRawPointer, layer: String) throws {
        var md = md
        var memory: dnnl_memory_t?
        try DNNL.check(dnnl_memory_create(&memory, &md, DNNL.shared.engine, handle), "dnnl_memory_create", layer)
        self.memory = memory!
        self.descriptor = md
        owned = nil
    }

    deinit {
        dnnl_memory_destroy(memory)
        if let b = owned { BufferPool.shared.give(b.pointer, capacity: b.capacity) }
    }

    var handle: UnsafeMutableRawPointer {
        var pointer: UnsafeMutableRawPointer?
        dnnl_memory_get_data_handle(memory, &pointer)
        return pointer!
    }

    /// Copies plain values in (the descriptor must be a plain layout of `values.count` floats).
    func write(_ values: [Float]) {
        values.withUnsafeBytes { handle.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// Reads `count` plain floats out.
    func read(_ count: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: handle.assumingMemoryBound(to: Float.self), count: count))
    }

    /// This memory in layout `target` (a reorder when the layouts differ).
    func reordered(to target: dnnl_memory_desc_t, layer: String) throws -> DNNLMemory {
        var source = descriptor, target = target
        if dnnl_memory_desc_equal(&source, &target) != 0 { return self }
        let out = try DNNLMemory(target, layer: layer)
        var pd: dnnl_primitive_desc_t?
        try DNNL.check(dnnl_reorder_primitive_desc_create(&pd, &source, DNNL.shared.engine, &target, DNNL.shared.engine, nil),
                       "dnnl_reorder_primitive_desc_create", layer)
        defer { dnnl_primitive_desc_destroy(pd) }
        var primitive: dnnl_primitive_t?
        try DNNL.check(dnnl_primitive_create(&primitive, pd), "dnnl_primitive_create(reorder)", layer)
        defer { dnnl_primitive_destroy(primitive) }
        var args = [dnnl_exec_arg_t(arg: cbir_dnnl_arg_src, memory: memory),
                    dnnl_exec_arg_t(arg: cbir_dnnl_arg_dst, memory: out.memory)]
        try withExtendedLifetime(self) {
            try DNNL.check(dnnl_primitive_execute(primitive, DNNL.shared.stream, 2, &args), "dnnl_primitive_execute(reorder)", layer)
            try DNNL.check(dnnl_stream_wait(DNNL.shared.stream), "dnnl_stream_wait", layer)
        }
        return out
    }
}
