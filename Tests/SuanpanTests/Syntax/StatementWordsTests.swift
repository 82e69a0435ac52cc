import Testing

@testable import Suanpan
@testable import SuanpanLanguage

/// The statement table is the one place a statement word lives: its examples parse
/// as that statement, its keywords lex as keywords, and no spelling means two things.
@Suite struct StatementWordsTests {
    @Test func everyExampleParsesAsItsStatement() throws {
        for spec in StatementSpec.all {
            for e in spec.examples {
                let statements = try Parser.parse(Source(name: "t", text: e))
                #expect(statements.count == 1, "\(e)")
                let first = String(e.prefix { !$0.isWhitespace })
                #expect(spec.names.contains(first), "\(e) does not start with \(spec.names)")
                switch statements.first {
                case .expression?, .binding?, nil: Issue.record("\(e) parsed as an expression, not \(spec.english)")
                default: break
                }
            }
            #expect(spec.names.count == 2, "\(spec.names): one English and one Chinese spelling")
        }
    }

    @Test func keywordStatementsAreTheLexersKeywords() {
        for spec in StatementSpec.all {
            guard case .keyword(let k) = spec.start else { continue }
            for n in spec.names { #expect(Keyword.spellings[n] == k, "\(n)") }
        }
    }

    @Test func noSpellingMeansTwoThings() {
        let words = StatementSpec.all.flatMap(\.names) + ContextWord.allCases.flatMap(\.spellings)
        #expect(Set(words).count == words.count)
    }

    /// A word in its statement's shape is that statement; out of it, an ordinary name.
    @Test func wordsOutsideTheirShapeAreNames() throws {
        for text in ["table = 3", "图 = 2", "单位 + 1", "audit * 2", "explain", "load(1)"] {
            let s = try Parser.parse(Source(name: "t", text: text))
            switch s.first {
            case .expression?, .binding?: break
            default: Issue.record("\(text) parsed as a statement")
            }
        }
    }

    /// Tab offers every statement word in both languages (it offered only the lexer's
    /// ten keywords before: never assume, solve or 假设).
    @Test func tabCompletesEveryStatementWord() {
        let session = Session()
        let words = Set(session.completionWords)
        for spec in StatementSpec.all { for n in spec.names { #expect(words.contains(n), "\(n)") } }
        for w in ContextWord.allCases { for n in w.spellings { #expect(words.contains(n), "\(n)") } }
        #expect(session.completions(before: "sol").candidates.contains("solve"))
        #expect(session.completions(before: "x = 1; 假").candidates.contains("假设"))
        #expect(session.completionWords.count == words.count, "no word offered twice")
    }
}
