import Configuration
import Testing

@Suite struct NearestNameTests {
    @Test func editDistancesWorkedByHand() {
        #expect(NearestName.editDistance("kitten", "sitting") == 3)  // k→s, e→i, +g
        #expect(NearestName.editDistance("smaple", "sample") == 1)   // one adjacent transposition
        #expect(NearestName.editDistance("ca", "abc") == 3)          // optimal string alignment (true Damerau: 2)
        #expect(NearestName.editDistance("", "abc") == 3)
        #expect(NearestName.editDistance("difusion", "diffusion") == 1)
    }

    @Test func suggestionsOnlyForPlausibleTypos() {
        let known = ["aqe", "alphaqe", "dba", "diffusion", "sv"]
        #expect(NearestName.suggestion(for: "difusion", among: known) == "diffusion")
        #expect(NearestName.suggestion(for: "AQE", among: known) == "aqe")       // case only
        #expect(NearestName.suggestion(for: "qe", among: known) == "aqe")        // d = 1 < 2
        #expect(NearestName.suggestion(for: "x", among: ["k"]) == nil)           // d = 1 is the whole name
        #expect(NearestName.suggestion(for: "rmac", among: known) == nil)
        #expect(NearestName.suggestion(for: "aqe", among: known) == nil)         // never the name itself
        #expect(NearestName.suggestion(for: "dbb", among: ["dba", "dbc"]) == "dba")  // tie → first
    }
}
