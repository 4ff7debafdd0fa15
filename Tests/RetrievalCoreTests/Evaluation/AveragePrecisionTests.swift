import RetrievalCore
import Testing

/// Golden values from issue 2, worked by hand from compute_ap.cpp / revisitop's compute_ap.
@Suite struct AveragePrecisionTests {
    @Test func junkAdjustmentShiftsPositiveRanks() {
        #expect(RankedJudgement.removingJunk(positiveRanks: [0, 2, 6, 10, 20], junkRanks: [1, 8, 9, 30])
                == [0, 1, 5, 7, 17])
    }

    @Test func trapezoidOfThreePositives() throws {
        // (1+1)/2/3 + (1/2+2/3)/2/3 + (2/5+3/6)/2/3 = 0.333333 + 0.194444 + 0.15
        let oxford = try #require(APVariant.oxford.averagePrecision(positiveRanks: [0, 2, 5], positiveCount: 3))
        let revisitop = try #require(APVariant.revisitop.averagePrecision(positiveRanks: [0, 2, 5], positiveCount: 3))
        #expect(abs(oxford - 0.677778) < 1e-6)
        #expect(abs(revisitop - 0.677778) < 1e-6)
    }

    @Test func onePositiveAtRankOne() throws {
        // trapezoid: (0/1 + 1/2)/2 = 0.25; finite: precision at the positive = 1/2
        #expect(try #require(APVariant.oxford.averagePrecision(positiveRanks: [1], positiveCount: 1)) == 0.25)
        #expect(try #require(APVariant.finite.averagePrecision(positiveRanks: [1], positiveCount: 1)) == 0.5)
    }

    @Test func trapezoidVersusFinite() throws {
        // trapezoid: (0+1/2)/6 + (1/4+2/5)/6 + (2/8+3/9)/6 = 0.288889; finite: (1/2 + 2/5 + 3/9)/3 = 0.411111
        let t = try #require(APVariant.revisitop.averagePrecision(positiveRanks: [1, 4, 8], positiveCount: 3))
        let f = try #require(APVariant.finite.averagePrecision(positiveRanks: [1, 4, 8], positiveCount: 3))
        #expect(abs(t - 0.288889) < 1e-6)
        #expect(abs(f - 0.411111) < 1e-6)
    }

    @Test func unretrievedPositivesCountAsMissed() throws {
        // 2 positives, only one retrieved at rank 0: recall reaches 1/2 only.
        #expect(try #require(APVariant.revisitop.averagePrecision(positiveRanks: [0], positiveCount: 2)) == 0.5)
    }

    @Test func noPositivesHasNoAP() {
        for variant in APVariant.allCases {
            #expect(variant.averagePrecision(positiveRanks: [], positiveCount: 0) == nil)
        }
    }

    @Test func threeQueriesOfTheIssue() {
        let rankings = [[4, 2, 0, 1, 3], [0, 2, 4, 1, 3], [0, 1, 2, 3, 4]]
        let judgements = [
            RelevanceJudgement(positives: [0, 1], junk: [2]),
            RelevanceJudgement(positives: [0, 4]),
            RelevanceJudgement(positives: []),
        ]
        let evaluations = zip(rankings, judgements).map {
            QueryEvaluation(ranking: $0, judgement: $1, variant: .revisitop, ks: [1, 2, 5])
        }
        #expect(abs(evaluations[0].averagePrecision! - 0.416667) < 1e-6)
        #expect(abs(evaluations[1].averagePrecision! - 0.791667) < 1e-6)
        #expect(evaluations[2].averagePrecision == nil)
        let map = MeanOverQueries(evaluations.map(\.averagePrecision))
        #expect(abs(map.mean - 0.604167) < 1e-6)
        #expect(map.count == 2 && map.dropped == 1)
        let expected = [0.5, 0.5, 0.666667]
        for (i, value) in expected.enumerated() {
            let mp = MeanOverQueries(evaluations.map { $0.revisitedPrecisionAtK[i] })
            #expect(abs(mp.mean - value) < 1e-6, "mP@\([1, 2, 5][i])")
        }
    }

    @Test func oxfordAndRevisitopAgreeUpToFloatAccumulation() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<200 {
            let n = 20 + next(200)
            let ranking = Array(0..<n).sorted { _, _ in next(2) == 0 }
            let positives = Set((0..<(1 + next(15))).map { _ in next(n) })
            let junk = Set((0..<next(10)).map { _ in next(n) }).subtracting(positives)
            let judgement = RelevanceJudgement(positives: positives, junk: junk)
            let ranked = RankedJudgement(ranking: ranking, judgement: judgement)
            let a = ranked.averagePrecision(.oxford)!, b = ranked.averagePrecision(.revisitop)!
            #expect(abs(a - b) < 1e-6)
        }
    }
}
