import RetrievalCore
import Testing

@Suite struct ExhaustiveSearchTests {
    // Database columns: e0, e1, (e0+e1)/√2, e0 again (a tie with column 0).
    let r = Float(0.5).squareRoot()
    var database: Matrix { Matrix(columns: [[1, 0], [0, 1], [r, r], [1, 0]]) }

    @Test func similaritiesAreInnerProducts() {
        let s = ExhaustiveSearch.similarities(database: database, queries: Matrix(columns: [[1, 0], [0, 2]]))
        #expect(s.rows == 4 && s.columns == 2)
        #expect(s.column(0) == [1, 0, r, 1])
        #expect(s.column(1) == [0, 2, 2 * r, 0])
    }

    @Test func tiesBreakByAscendingDatabaseIndex() {
        let rankings = ExhaustiveSearch.rankings(database: database, queries: Matrix(columns: [[1, 0]]))
        #expect(rankings == [[0, 3, 2, 1]])
    }

    @Test func excludedItemsLeaveTheRanking() {
        let rankings = ExhaustiveSearch.rankings(database: database, queries: Matrix(columns: [[1, 0], [0, 1]]),
                                                 excluded: [[0], [1, 2]])
        #expect(rankings == [[3, 2, 1], [0, 3]])
    }

    @Test func topKEqualsThePrefixOfTheFullRanking() {
        var state: UInt32 = 12345
        func next() -> Float {
            state = state &* 1664525 &+ 1013904223
            return Float(state >> 28) / 4  // few distinct values: many ties
        }
        let db = Matrix(rows: 3, columns: 300, values: (0..<900).map { _ in next() })
        let q = Matrix(rows: 3, columns: 7, values: (0..<21).map { _ in next() })
        let full = ExhaustiveSearch.rankings(database: db, queries: q)
        let top = ExhaustiveSearch.rankings(database: db, queries: q, limit: 25)
        for (f, t) in zip(full, top) { #expect(Array(f.prefix(25)) == t) }
    }
}
