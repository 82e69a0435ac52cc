import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct SuggestionsTests {
    func d(_ a: String, _ b: String) -> Int { Suggestions.distance(Array(a), Array(b)) }

    @Test func distanceCountsOneEditPerTypo() {
        #expect(d("help", "help") == 0)
        #expect(d("hlep", "help") == 1)  // neighbours swapped
        #expect(d("hep", "help") == 1)  // one dropped
        #expect(d("执行率", "执行数") == 1)  // one replaced
        #expect(d("", "abc") == 3)
        #expect(d("ab", "ba") == 1)
        #expect(d("abc", "cab") == 2)  // not a neighbour swap
    }

    @Test func distanceIsSymmetric() {
        for (a, b) in [("hlep", "help"), ("预算数", "调整后预算数"), ("kitten", "sitting")] {
            #expect(d(a, b) == d(b, a))
        }
    }

    @Test func closestPrefersAUniqueExtensionThenTheNearestName() {
        #expect(Suggestions.closest(to: ":hlep", among: [":help", ":load", ":vars"]) == ":help")
        #expect(Suggestions.closest(to: "调整后", among: ["调整后预算数", "年初预算数"]) == "调整后预算数")
        #expect(Suggestions.closest(to: "xyz", among: ["执行率", "得分率"]) == nil)
    }
}
