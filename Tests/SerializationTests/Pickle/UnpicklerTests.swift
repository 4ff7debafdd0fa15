import Foundation
import Serialization
import Testing
import TestSupport

/// Pickles written by CPython (`Fixtures/pickle_reference.py`) in protocols 0–5 must read back to the object
/// CPython serialises as JSON; the real Oxford ground-truth pickle must equal what CPython reads.
@Suite struct UnpicklerTests {
    /// A JSON-comparable form: tuples as arrays, dicts as dictionaries.
    func plain(_ v: PickleValue) -> Any {
        switch v {
        case .none: return NSNull()
        case .bool(let b): return b
        case .int(let i): return i
        case .bigInt(let b): return b
        case .float(let d): return d
        case .string(let s): return s
        case .bytes(let b): return b
        case .list(let l): return l.items.map(plain)
        case .tuple(let t): return t.map(plain)
        case .dict(let d): return Dictionary(uniqueKeysWithValues: d.entries.map { ($0.key.string ?? "?", plain($0.value)) })
        case .global(let m, let n): return "\(m).\(n)"
        case .object: return "object"
        }
    }

    @Test(arguments: 0...5) func protocolsReadBackToTheSameObject(protocolVersion: Int) throws {
        guard PythonReference.available(["pickle"]) else { print(PythonReference.unavailableMessage(["pickle"])); return }
        let dir = try SharedData.temporaryDirectory("pickle")
        try PythonReference.run([PythonReference.script("SerializationTests", "pickle_reference.py"), dir.path])
        let value = try Unpickler.load(contentsOf: dir.appendingPathComponent("p\(protocolVersion).pkl"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("object.json")))
        let ours = try JSONSerialization.data(withJSONObject: plain(value), options: [.sortedKeys])
        let theirs = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: theirs, as: UTF8.self))
    }

    @Test func truncatedAndGarbageInputAreErrors() throws {
        #expect(throws: SerializationError.self) {
            var u = Unpickler([0x80, 0x02, 0x5D, 0x71], name: "cut.pkl")
            _ = try u.load()
        }
        #expect(throws: SerializationError.pickle(file: "g.pkl", offset: 1, opcode: "0xff", problem: "unsupported opcode")) {
            var u = Unpickler([0xFF, 0x00], name: "g.pkl")
            _ = try u.load()
        }
        #expect(throws: SerializationError.self) {
            var u = Unpickler([], name: "empty.pkl")
            _ = try u.load()
        }
    }

    @Test func oxfordGroundTruthPickleMatchesCPython() throws {
        guard let file = SharedData.directory("groundtruth/oxford5k/gnd_oxford5k.pkl") else {
            print(SharedData.missingMessage("groundtruth/oxford5k")); return
        }
        guard PythonReference.available(["pickle", "json"]) else { print(PythonReference.unavailableMessage(["pickle"])); return }
        let value = try Unpickler.load(contentsOf: file)
        let reference = try PythonReference.run(["-c", "import pickle,json,sys; d=pickle.load(open(sys.argv[1],'rb')); "
                                                 + "print(json.dumps(d, sort_keys=True))", file.path])
        let ours = try JSONSerialization.data(withJSONObject: plain(value), options: [.sortedKeys])
        let theirs = try JSONSerialization.data(
            withJSONObject: JSONSerialization.jsonObject(with: Data(reference.utf8)), options: [.sortedKeys])
        #expect(ours == theirs)
        #expect(value["imlist"]?.elements?.count == 5063)
        #expect(value["qimlist"]?.elements?.count == 55)
    }
}
