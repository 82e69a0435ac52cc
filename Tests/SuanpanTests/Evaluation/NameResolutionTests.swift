import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// One order for what a name means, read by the interpreter and the rule compiler
/// alike: local, field of the row, related rows, variable, table.
@Suite struct NameResolutionTests {
    func kind(_ m: NameMeaning) -> String {
        switch m {
        case .local: "local"
        case .field: "field"
        case .relatedRows: "relatedRows"
        case .unlinkedIndicators: "unlinked"
        case .variable: "variable"
        case .table: "table"
        case .other: "other"
        }
    }

    @Test func theOrderIsLocalFieldRelatedVariableTable() throws {
        let s = Session()
        try s.install(try DatasetLoader.loadBundled()) { _ in }
        _ = s.outputs("指标 = 1")
        _ = s.outputs("总分 = 2")
        let projects = try #require(s.environment.dataset?.table("项目"))
        let e = Evaluator(environment: s.environment, settings: s.settings)
        #expect(kind(e.meaning(of: "总分", rowTable: projects, isLocal: true)) == "local")
        #expect(kind(e.meaning(of: "总分", rowTable: projects, isLocal: false)) == "field")
        #expect(kind(e.meaning(of: "指标", rowTable: projects, isLocal: false)) == "relatedRows")
        #expect(kind(e.meaning(of: "指标", rowTable: nil, isLocal: false)) == "variable")
        #expect(kind(e.meaning(of: "总分", rowTable: nil, isLocal: false)) == "variable")
        #expect(kind(e.meaning(of: "项目", rowTable: nil, isLocal: false)) == "table")
        #expect(kind(e.meaning(of: "没有这个名字", rowTable: projects, isLocal: false)) == "other")
        // Inside published(…), a rule's column the data does not have is no field.
        #expect(kind(e.meaning(of: "指标得分", rowTable: projects, isLocal: false)) == "field")
        #expect(projects.columnIndex("指标得分") == nil)
        var published = e
        published.publishedOnly = true
        #expect(kind(published.meaning(of: "指标得分", rowTable: projects, isLocal: false)) != "field")
    }
}
