extension PickleMachine {
    /// Executes one opcode (all but STOP); semantics of `Lib/pickle.py` `_Unpickler.load_*`.
    mutating func execute(_ op: PickleOpcode) throws {
        switch op {
        case .STOP: break
        case .PROTO:
            let version = try reader.byte()
            guard version <= 5 else { throw error("unsupported pickle protocol \(version); expected 0–5") }
        case .FRAME: _ = try reader.uintLE(8)
        case .MARK: marks.append(stack.count)
        case .POP:
            if let mark = marks.last, mark == stack.count { marks.removeLast() } else { _ = try pop() }
        case .POP_MARK: _ = try popMark()
        case .DUP: push(try top())

        // Numbers.
        case .NONE: push(.none)
        case .NEWTRUE: push(.bool(true))
        case .NEWFALSE: push(.bool(false))
        case .INT:
            let text = try asciiLine()
            if text == "01" { push(.bool(true)) } else if text == "00" { push(.bool(false)) } else {
                push(.int(try decimal(text)))
            }
        case .LONG:
            var text = try asciiLine()
            if text.hasSuffix("L") { text.removeLast() }
            push(.int(try decimal(text)))
        case .BININT: push(.int(Int(Int32(truncatingIfNeeded: try reader.uintLE(4)))))
        case .BININT1: push(.int(Int(try reader.byte())))
        case .BININT2: push(.int(Int(try reader.uintLE(2))))
        case .LONG1: push(.int(try twosComplement(reader.take(Int(try reader.byte())))))
        case .LONG4:
            let n = Int(Int32(truncatingIfNeeded: try reader.uintLE(4)))
            guard n >= 0 else { throw error("negative LONG4 length \(n)") }
            push(.int(try twosComplement(reader.take(n))))
        case .FLOAT:
            let text = try asciiLine()
            guard let v = Double(text) else { throw error("'\(text)' is not a float") }
            push(.float(v))
        case .BINFLOAT: push(.float(Double(bitPattern: try reader.uint(8, bigEndian: true))))

        // Strings and bytes.
        case .STRING: push(legacyString(try decodeQuotedString(reader.line())))
        case .BINSTRING: push(legacyString(try reader.take(try length(4))))
        case .SHORT_BINSTRING: push(legacyString(try reader.take(Int(try reader.byte()))))
        case .BINBYTES: push(.bytes(try reader.take(try length(4))))
        case .SHORT_BINBYTES: push(.bytes(try reader.take(Int(try reader.byte()))))
        case .BINBYTES8, .BYTEARRAY8: push(.bytes(try reader.take(try length(8))))
        case .UNICODE: push(.string(decodeRawUnicodeEscape(try reader.line())))
        case .BINUNICODE: push(.string(try utf8(reader.take(try length(4)))))
        case .SHORT_BINUNICODE: push(.string(try utf8(reader.take(Int(try reader.byte())))))
        case .BINUNICODE8: push(.string(try utf8(reader.take(try length(8)))))

        // Containers.
        case .EMPTY_TUPLE: push(PickleNode.tuple([]))
        case .TUPLE: push(PickleNode.tuple(try popMark()))
        case .TUPLE1: push(PickleNode.tuple([try pop()]))
        case .TUPLE2:
            let b = try pop(), a = try pop()
            push(PickleNode.tuple([a, b]))
        case .TUPLE3:
            let c = try pop(), b = try pop(), a = try pop()
            push(PickleNode.tuple([a, b, c]))
        case .EMPTY_LIST: push(PickleNode.list(.init()))
        case .LIST: push(PickleNode.list(.init(try popMark())))
        case .APPEND:
            let item = try pop()
            try appendItems([item], to: try top())
        case .APPENDS:
            let items = try popMark()
            try appendItems(items, to: try top())
        case .EMPTY_DICT: push(PickleNode.dict(.init()))
        case .DICT:
            let items = try popMark()
            let box = PickleNode.DictBox()
            try setItems(items, in: box)
            push(PickleNode.dict(box))
        case .SETITEM:
            let value = try pop(), key = try pop()
            try setItems([key, value], in: try dictTarget(try top()))
        case .SETITEMS:
            let items = try popMark()
            try setItems(items, in: try dictTarget(try top()))
        case .EMPTY_SET: push(PickleNode.set(.init()))
        case .ADDITEMS:
            let items = try popMark()
            guard case .set(let box) = try top() else { throw error("ADDITEMS needs a set, found \(try top().kindName)") }
            box.items += items
        case .FROZENSET: push(PickleNode.set(.init(try popMark())))

        // Memo.
        case .PUT: try memoPut(try decimal(try asciiLine()))
        case .BINPUT: try memoPut(Int(try reader.byte()))
        case .LONG_BINPUT: try memoPut(Int(try reader.uintLE(4)))
        case .MEMOIZE: try memoPut(memo.count)
        case .GET: try memoGet(try decimal(try asciiLine()))
        case .BINGET: try memoGet(Int(try reader.byte()))
        case .LONG_BINGET: try memoGet(Int(try reader.uintLE(4)))

        // Objects.
        case .GLOBAL:
            let module = try utf8(reader.line()), name = try utf8(reader.line())
            push(.global(PickleGlobal(module: module, name: name)))
        case .STACK_GLOBAL:
            let name = try frozen(try pop()), module = try frozen(try pop())
            guard let n = name.string, let m = module.string else {
                throw error("STACK_GLOBAL needs two strings, found \(module.kindName) and \(name.kindName)")
            }
            push(.global(PickleGlobal(module: m, name: n)))
        case .REDUCE, .NEWOBJ:
            let args = try pop(), callable = try pop()
            push(try construct(callable, arguments: try tupleItems(args), keywords: nil))
        case .NEWOBJ_EX:
            let kwargs = try pop(), args = try pop(), callable = try pop()
            push(try construct(callable, arguments: try tupleItems(args), keywords: kwargs))
        case .INST:
            let module = try utf8(reader.line()), name = try utf8(reader.line())
            let args = try popMark()
            push(try construct(.value(.global(PickleGlobal(module: module, name: name))), arguments: args, keywords: nil))
        case .OBJ:
            var items = try popMark()
            guard !items.isEmpty else { throw error("OBJ needs a class after the MARK") }
            let callable = items.removeFirst()
            push(try construct(callable, arguments: items, keywords: nil))
        case .BUILD:
            let state = try pop()
            try build(try top(), state: state)
        case .PERSID:
            push(try persistent(.string(try asciiLine())))
        case .BINPERSID:
            push(try persistent(try frozen(try pop())))
        case .EXT1, .EXT2, .EXT4:
            throw error("the copyreg extension registry is not supported; re-pickle without copyreg.add_extension")
        case .NEXT_BUFFER, .READONLY_BUFFER:
            throw error("out-of-band buffers (protocol 5 buffer_callback) are not supported; pickle in-band")
        }
    }

    // MARK: Operand decoding

    mutating func length(_ width: Int) throws -> Int {
        let n = try reader.uintLE(width)
        guard n <= UInt64(reader.remaining) else {
            throw error("truncated: a \(n)-byte operand but only \(reader.remaining) byte(s) remain")
        }
        return Int(n)
    }

    mutating func asciiLine() throws -> String {
        String(decoding: try reader.line(), as: UTF8.self)
    }

    func utf8(_ bytes: [UInt8]) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else { throw error("invalid UTF-8 in a string") }
        return s
    }

    func decimal(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let v = Int(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) else {
            if trimmed.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) && !trimmed.isEmpty {
                throw error("integer \(trimmed) does not fit in a 64-bit Int")
            }
            throw error("'\(text)' is not a decimal integer")
        }
        return v
    }

    /// A little-endian two's-complement integer (LONG1 / LONG4 operand); empty means 0.
    func twosComplement(_ bytes: [UInt8]) throws -> Int {
        guard !bytes.isEmpty else { return 0 }
        let negative = bytes.last! & 0x80 != 0
        // Strip redundant sign-extension bytes beyond 8.
        var significant = bytes
        while significant.count > 8, significant.last == (negative ? 0xFF : 0x00) { significant.removeLast() }
        guard significant.count <= 8 else {
            throw error("a \(bytes.count)-byte integer does not fit in a 64-bit Int")
        }
        var value: UInt64 = 0
        for (i, b) in significant.enumerated() { value |= UInt64(b) << (8 * UInt64(i)) }
        if negative, significant.count < 8 { value |= ~0 << (8 * UInt64(significant.count)) }
        let result = Int(Int64(bitPattern: value))
        guard (result < 0) == negative else { throw error("a \(bytes.count)-byte integer does not fit in a 64-bit Int") }
        return result
    }

    /// Python 2 `str`: `.string` when 7-bit ASCII (Python 3's default `encoding='ASCII'`), else `.bytes`.
    func legacyString(_ bytes: [UInt8]) -> PickleValue {
        bytes.allSatisfy { $0 < 0x80 } ? .string(String(decoding: bytes, as: UTF8.self)) : .bytes(bytes)
    }

    func tupleItems(_ node: PickleNode) throws -> [PickleNode] {
        switch node {
        case .tuple(let items): return items
        case .list(let box): return box.items
        default: throw error("expected an argument tuple, found \(node.kindName)")
        }
    }

    func persistent(_ pid: PickleValue) throws -> PickleNode {
        guard let load = options.persistentLoad else {
            throw error("a persistent id (\(pid.kindName)) but no persistentLoad hook; this looks like a torch "
                + "checkpoint: read it with TorchCheckpoint")
        }
        do {
            return .value(try load(pid))
        } catch let e as SerializationError {
            throw e
        } catch {
            throw self.error("persistentLoad failed: \(error)")
        }
    }
}
