import Foundation
import RetrievalCore
import TestSupport
import Testing

@Suite struct LearnedWhiteningTests {
    static let script = PythonReference.script("RetrievalCoreTests", "whitenlearn_reference.py")

    /// The reference: training columns, matching pairs, cirtorch's m and P (rows), from the fixture script.
    struct Reference {
        var data: Matrix
        var pairs: [ColumnPair]
        var mean: [Float]
        var rows: [[Float]]

        init(output: String) {
            var lines = output.split(separator: "\n").map { $0.split(separator: " ") }
            let header = lines.removeFirst().map { Int($0)! }
            let (d, n, m) = (header[0], header[1], header[2])
            data = Matrix(columns: lines[0..<n].map { $0.map { Float($0)! } }, rows: d)
            pairs = lines[n ..< n + m].map { ColumnPair(Int($0[0])!, Int($0[1])!) }
            mean = lines[n + m].map { Float(Double($0)!) }
            rows = lines[(n + m + 1)...].map { $0.map { Float(Double($0)!) } }
        }
    }

    /// Equals a numpy/scipy transcription of cirtorch's `whitenlearn` on fixed inputs, up to the sign of each output
    /// direction, for all D dimensions and for the first 3.
    @Test func matchesCirtorchWhitenlearn() throws {
        guard PythonReference.available(["numpy", "scipy"]) else {
            print(PythonReference.unavailableMessage(["numpy", "scipy"]))
            return
        }
        for seed in [0, 1] {
            let reference = Reference(output: try PythonReference.run([Self.script, "\(seed)"]))
            #expect(reference.rows.count == reference.data.rows && reference.pairs.count > reference.data.rows)
            for dims in [reference.data.rows, 3] {
                let model = try LearnedWhitening.fit(reference.data, matchingPairs: reference.pairs, dimensions: dims)
                #expect(model.outputDimension == dims)
                #expect(Approximate.relativeMaxError(model.mean, reference: reference.mean) < 1e-6)
                for j in 0..<dims {
                    let ours = model.projection.column(j), theirs = reference.rows[j]
                    let dot = zip(ours, theirs).reduce(0) { $0 + $1.0 * $1.1 }
                    let aligned = dot < 0 ? ours.map { -$0 } : ours
                    let error = Approximate.relativeMaxError(aligned, reference: theirs)
                    #expect(error < 1e-4, "seed \(seed), row \(j): relative error \(error)")
                }
            }
        }
    }

    /// After the full map, matching differences have identity second moment and the training vectors are
    /// decorrelated with variances `eigenvalues` (about m), in decreasing order.
    @Test func matchingDifferencesAreWhitened() throws {
        let (data, pairs) = Self.objects(seed: 4)
        let model = try LearnedWhitening.fit(data, matchingPairs: pairs)
        let y = model.apply(data)
        let d = y.rows
        for a in 0..<d {
            for b in 0..<d {
                let s = pairs.reduce(0.0) { $0 + Double(y[a, $1.first] - y[a, $1.second])
                    * Double(y[b, $1.first] - y[b, $1.second]) } / Double(pairs.count)
                #expect(abs(s - (a == b ? 1 : 0)) < 1e-4, "S[\(a),\(b)] = \(s)")
                let c = (0..<y.columns).reduce(0.0) { $0 + Double(y[a, $1]) * Double(y[b, $1]) } / Double(y.columns)
                let expected = a == b ? model.eigenvalues[a] : 0
                #expect(abs(c - expected) < 1e-4 * max(1, model.eigenvalues[0]), "C[\(a),\(b)] = \(c)")
            }
        }
        #expect(zip(model.eigenvalues, model.eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        // The centre is the mean of the pairs' first vectors, counted once per pair.
        let firsts = pairs.map { data.column($0.first) }
        for i in 0..<d {
            let expected = firsts.reduce(0.0) { $0 + Double($1[i]) } / Double(pairs.count)
            #expect(abs(Double(model.mean[i]) - expected) < 1e-5)
        }
        let all = try LearnedWhitening.fit(data, matchingPairs: pairs, centre: .allColumns)
        for i in 0..<d {
            let expected = (0..<data.columns).reduce(0.0) { $0 + Double(data[i, $1]) } / Double(data.columns)
            #expect(abs(Double(all.mean[i]) - expected) < 1e-5)
        }
    }

    @Test func errors() throws {
        let (data, pairs) = Self.objects(seed: 9)
        #expect(throws: RetrievalCoreError.tooFewPairs(model: "learned whitening(5→5)", kind: "matching", count: 0,
                                                       needed: 1)) {
            try LearnedWhitening.fit(data, matchingPairs: [])
        }
        #expect(throws: RetrievalCoreError.dimensionsExceedInput(model: "learned whitening(5→6)", requested: 6,
                                                                 input: 5)) {
            try LearnedWhitening.fit(data, matchingPairs: pairs, dimensions: 6)
        }
        // Three pairs span at most 3 of the 5 dimensions: S is singular.
        let three = Array(pairs.prefix(3))
        let singular = RetrievalCoreError.rankDeficientPairCovariance(model: "learned whitening(5→5)", dimension: 5,
                                                                      positive: 3, pairs: 3)
        #expect(throws: singular) { try LearnedWhitening.fit(data, matchingPairs: three) }
        #expect(singular.description == "learned whitening(5→5): the second moment of the 3 matching-pair differences "
                    + "(5×5) has 3 positive eigenvalues; expected 5 (learned whitening inverts it). Train on more "
                    + "matching pairs (at least 5), reduce the input first (e.g. a pca step) or set regularization.")
        // A ridge makes it invertible.
        let ridged = try LearnedWhitening.fit(data, matchingPairs: three, dimensions: 2, regularization: 1e-3)
        #expect(ridged.outputDimension == 2)
        // Four training vectors and a centre in their affine hull: the data's second moment about m has rank 3.
        let small = data.columns([0, 1, 2, 3])
        let smallPairs = [ColumnPair(0, 1), ColumnPair(2, 3), ColumnPair(1, 2), ColumnPair(0, 3), ColumnPair(0, 2)]
        #expect(throws: RetrievalCoreError.rankDeficientCovariance(model: "learned whitening(5→4)", dimension: 5,
                                                                   requested: 4, positive: 3)) {
            try LearnedWhitening.fit(small, matchingPairs: smallPairs, dimensions: 4, regularization: 1e-3)
        }
        let rankThree = try? LearnedWhitening.fit(small, matchingPairs: smallPairs, dimensions: 3, regularization: 1e-3)
        #expect(rankThree != nil)
    }

    /// 12 objects × 4 views in 5-D, and every ordered pair of views of one object.
    static func objects(seed: UInt64) -> (Matrix, [ColumnPair]) {
        var random = SplitMix64(seed: seed)
        var columns = [[Float]](), pairs = [ColumnPair]()
        for o in 0..<12 {
            let centre = (0..<5).map { i in Float(random.uniform(-1, 1)) * Float(5 - i) }
            for _ in 0..<4 {
                let z = (0..<5).map { _ in Float(random.uniform(-0.3, 0.3)) }
                columns.append((0..<5).map { i in centre[i] + z[i] + 0.5 * z[(i + 1) % 5] })
            }
            for a in 0..<4 { for b in 0..<4 where a != b { pairs.append(ColumnPair(o * 4 + a, o * 4 + b)) } }
        }
        return (Matrix(columns: columns), pairs)
    }
}
