import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct RegistryTests {
    /// Every built-in's documented example runs and shows the documented result.
    @Test(arguments: BuiltinRegistry.all.map(\.name))
    func exampleRuns(_ name: String) throws {
        let b = try #require(BuiltinRegistry.lookup(name))
        let session = Session()
        var out: [String] = []
        let outcome = session.run(Source(name: "example", text: b.example)) { o in
            if case .result(let t) = o { out.append(t) }
        }
        #expect(outcome == .ok)
        #expect(out == [b.exampleResult])
    }

    @Test func namesAreUniqueAndDocumented() {
        var seen = Set<String>()
        for b in BuiltinRegistry.all {
            for n in b.allNames {
                #expect(seen.insert(n).inserted, "duplicate name \(n)")
            }
            #expect(!b.summary.isEmpty)
            #expect(b.arity.accepts(b.parameters.count) || b.parameters.last?.hasSuffix("…") == true)
        }
        for required in [
            "执行率", "得分率", "占比", "增长率", "等级", "round", "四舍五入", "trunc", "截断", "ceil", "floor",
            "abs", "min", "max", "sum", "avg", "count", "execution_rate", "score_rate", "share", "growth", "grade",
        ] {
            #expect(BuiltinRegistry.lookup(required) != nil, "missing \(required)")
        }
    }
}
