import Serialization
import Testing

/// numpy's pickled form worked out by hand: `_reconstruct(ndarray, (0,), b'b')` + BUILD
/// `(1, shape, dtype(code, False, True) + BUILD (3, order, ...), is_fortran, raw bytes)`.
@Suite struct NumpyArrayTests {
    static func dtype(_ code: String, _ order: String = "<") -> PickleValue {
        .object(callable: .global(module: "numpy", name: "dtype"), arguments: [.string(code), .bool(false), .bool(true)],
                state: .tuple([.int(3), .string(order), .none, .none, .none, .int(-1), .int(-1), .int(0)]))
    }

    static func array(_ shape: [Int], _ dtype: PickleValue, fortran: Bool = false, _ raw: [UInt8]) -> PickleValue {
        .object(callable: .global(module: "numpy.core.multiarray", name: "_reconstruct"),
                arguments: [.global(module: "numpy", name: "ndarray"), .tuple([.int(0)]), .bytes(Array("b".utf8))],
                state: .tuple([.int(1), .tuple(shape.map(PickleValue.int)), dtype, .bool(fortran), .bytes(raw)]))
    }

    @Test func fortranOrderIsPermutedToCOrder() throws {
        // F-order memory 1…6 of a 2×3 int32 matrix is [[1, 3, 5], [2, 4, 6]]: C order 1, 3, 5, 2, 4, 6.
        let raw: [UInt8] = (1...6).flatMap { (v: Int) -> [UInt8] in [UInt8(v), 0, 0, 0] }
        let a = try NumpyArray(pickled: Self.array([2, 3], Self.dtype("i4"), fortran: true, raw))
        #expect(a.shape == [2, 3] && a.dtype == .int32 && a.isFortranOrder)
        #expect(a.integers == [1, 3, 5, 2, 4, 6])
        #expect(NumpyArrays.ints(Self.array([2, 3], Self.dtype("i4"), fortran: true, raw)) == [1, 3, 5, 2, 4, 6])
    }

    @Test func byteOrderAndWidths() throws {
        // Big-endian float32 1.5 = 3F C0 00 00; little-endian float64 -2 = 00…00 C0; uint8 255; bool.
        #expect(try NumpyArray(pickled: Self.array([1], Self.dtype("f4", ">"), [0x3F, 0xC0, 0, 0])).doubles == [1.5])
        #expect(try NumpyArray(pickled: Self.array([], Self.dtype("f8"), [0, 0, 0, 0, 0, 0, 0, 0xC0])).doubles == [-2])
        #expect(try NumpyArray(pickled: Self.array([2], Self.dtype("u1"), [255, 7])).integers == [255, 7])
        #expect(try NumpyArray(pickled: Self.array([2], Self.dtype("b1"), [1, 0])).elements == .bools([true, false]))
    }

    @Test func malformedArraysNameTheirPath() {
        let short = Self.array([3], Self.dtype("f4"), [0, 0, 0, 0])
        #expect(throws: SerializationError.value(file: "g.pkl", path: "gnd[0].bbx",
                                                 problem: "numpy array: 4 data bytes for shape [3] of float32 (expected 12)")) {
            try NumpyArray(pickled: short, file: "g.pkl", path: "gnd[0].bbx")
        }
        #expect(throws: SerializationError.self) { try NumpyArray(pickled: Self.array([1], Self.dtype("U4"), [])) }
        #expect(throws: SerializationError.self) { try NumpyArray(pickled: .list([.int(1)])) }
        #expect(NumpyArrays.doubles(short) == nil)
    }
}
