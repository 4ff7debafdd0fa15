import RetrievalCore
import Testing

@Suite struct RankedJudgementTests {
    // Ranking 9 5 7 1 3 8; positives {5, 3, 4}; junk {7}. Junk-free ranking: 9 5 1 3 8 → positive ranks [1, 3].
    let ranked = RankedJudgement(ranking: [9, 5, 7, 1, 3, 8], judgement: RelevanceJudgement(positives: [5, 3, 4], junk: [7]))

    @Test func locatesPositivesAndJunk() {
        #expect(ranked.positiveRanks == [1, 4])
        #expect(ranked.junkRanks == [2])
        #expect(ranked.junkFreePositiveRanks == [1, 3])
        #expect(ranked.firstPositiveRank == 1)
    }

    @Test func precisionRecallSuccessAtK() {
        #expect(ranked.precision(at: 1) == 0)
        #expect(ranked.precision(at: 2) == 0.5)
        #expect(ranked.precision(at: 4) == 0.5)
        #expect(ranked.recall(at: 1) == 0)
        #expect(ranked.recall(at: 2) == 1.0 / 3.0)
        #expect(ranked.recall(at: 4) == 2.0 / 3.0)
        #expect(ranked.success(at: 1) == 0)
        #expect(ranked.success(at: 2) == 1)
    }

    @Test func revisitedPrecisionUsesTheLastPositiveRank() {
        // 1-based ranks [2, 4]: k=1 → kq=1, 0/1; k=3 → kq=3, 1/3; k=10 → kq=4, 2/4.
        #expect(ranked.revisitedPrecision(at: 1) == 0)
        #expect(ranked.revisitedPrecision(at: 3) == 1.0 / 3.0)
        #expect(ranked.revisitedPrecision(at: 10) == 0.5)
    }

    @Test func revisitedProtocols() {
        let easy: Set<Int> = [1, 2], hard: Set<Int> = [3], junk: Set<Int> = [4]
        #expect(RevisitedProtocol.easy.judgement(easy: easy, hard: hard, junk: junk)
                == RelevanceJudgement(positives: [1, 2], junk: [3, 4]))
        #expect(RevisitedProtocol.medium.judgement(easy: easy, hard: hard, junk: junk)
                == RelevanceJudgement(positives: [1, 2, 3], junk: [4]))
        #expect(RevisitedProtocol.hard.judgement(easy: easy, hard: hard, junk: junk)
                == RelevanceJudgement(positives: [3], junk: [1, 2, 4]))
    }

    @Test func revisitedHardAPWorkedByHand() throws {
        // Ranking 1 3 2 4 0: hard protocol → positives {3}, junk {1, 2, 4}. Junk-free ranking: 3 0 → rank 0 → AP 1.
        let j = RevisitedProtocol.hard.judgement(easy: [1, 2], hard: [3], junk: [4])
        #expect(RankedJudgement(ranking: [1, 3, 2, 4, 0], judgement: j).averagePrecision(.revisitop) == 1)
        // Medium: positives {1,2,3}, junk {4}: ranks 0,1,2 → AP 1. Easy: positives {1,2}, junk {3,4}: 1 at 0, 2 at 1.
        let m = RevisitedProtocol.medium.judgement(easy: [1, 2], hard: [3], junk: [4])
        #expect(RankedJudgement(ranking: [1, 3, 2, 4, 0], judgement: m).averagePrecision(.revisitop) == 1)
        // Ranking 0 3 1 2: medium → positives at ranks 1, 2, 3: (0+1/2)/6 + (1/2+2/3)/6 + (2/3+3/4)/6 = 0.513889
        let ap = try #require(RankedJudgement(ranking: [0, 3, 1, 2], judgement: m).averagePrecision(.revisitop))
        #expect(abs(ap - 0.513889) < 1e-6)
    }

    @Test func nsScoreCountsGroupMembersInTopFour() {
        #expect(nsScore(ranking: [8, 9, 3, 10, 11], group: [8, 9, 10, 11]) == 3)
        #expect(nsScore(ranking: [8, 9, 10, 11], group: [8, 9, 10, 11]) == 4)
        #expect(nsScore(ranking: [0, 1, 2, 3], group: [8, 9, 10, 11]) == 0)
    }
}
