import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// What Tab may complete, given the text before the cursor: a row key inside
/// `表["…`, a column after `表.` or `行.`, otherwise any name.
extension Session {
    public struct CompletionRequest: Equatable {
        /// The part already typed that the candidates extend.
        public let prefix: String
        public let candidates: [String]

        public init(prefix: String, candidates: [String]) {
            self.prefix = prefix
            self.candidates = candidates
        }
    }

    /// Characters that end a word for completion (brackets, quotes and dots do not:
    /// they belong to `表["键"].列`).
    static let completionBreaks: Set<Character> = Set(" \t+-*/^%(),;=<>!≥≤≠×÷（），；＝＜＞！＋－＊／")

    public func completions(before text: String) -> CompletionRequest {
        ensureDataset { _ in }
        // `:show 表 列…`: a table's name, then its columns.
        if let command = MetaCommand.lookup("show")?.names.map({ ":\($0) " }).first(where: text.hasPrefix) {
            let words = text.dropFirst(command.count).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let partial = words.last ?? ""
            let tables = environment.dataset?.tables ?? []
            if words.count <= 1 { return CompletionRequest(prefix: partial, candidates: tables.map(\.name)) }
            if let t = tables.first(where: { $0.name == words[0] }) {
                return CompletionRequest(prefix: partial, candidates: columnNames(t) + [Evaluator.allRowsWord])
            }
            return CompletionRequest(prefix: partial, candidates: [])
        }
        let chars = Array(text)
        // Inside a key: 表["partial
        if let quote = chars.lastIndex(where: { $0 == "\"" || $0 == "“" }), quote >= 1, chars[quote - 1] == "[",
            !chars[(quote + 1)...].contains(where: { $0 == "\"" || $0 == "”" || $0 == "]" })
        {
            let partial = String(chars[(quote + 1)...])
            if case .table(let view)? = evaluateQuietly(base(chars, before: quote - 1)) {
                let t = view.table
                var keys = view.rowIndices.map { t.key($0) } + t.aliases.keys.sorted()
                if let n = t.nameColumn { keys += view.rowIndices.map { t.text($0, n).trimmingSpaces() } }
                return CompletionRequest(prefix: partial, candidates: keys.filter { !$0.isEmpty })
            }
        }
        // After a dot: 表.partial or 行.partial
        var wordStart = chars.count
        while wordStart > 0 && !Session.completionBreaks.contains(chars[wordStart - 1]) && chars[wordStart - 1] != "."
            && chars[wordStart - 1] != "]"
        {
            wordStart -= 1
        }
        let word = String(chars[wordStart...])
        if wordStart > 0 && chars[wordStart - 1] == "." {
            switch evaluateQuietly(base(chars, before: wordStart - 1)) {
            case .table(let view)?:
                let t = view.table
                return CompletionRequest(
                    prefix: word, candidates: columnNames(t) + (t.hierarchy?.levelNames ?? []) + [Evaluator.allRowsWord])
            case .row(let ref)?:
                let t = ref.table
                return CompletionRequest(
                    prefix: word,
                    candidates: columnNames(t) + t.children.map(\.table.name) + (t.hierarchy != nil ? [Evaluator.childrenWord] : []))
            default:
                break
            }
        }
        return CompletionRequest(prefix: word, candidates: completionWords)
    }

    /// A table's columns: the data's, then the rule-only ones (指标得分 …).
    func columnNames(_ t: Table) -> [String] {
        t.columns + environment.ruleOrder.filter { $0.table == t.name && t.columnIndex($0.column) == nil }.map(\.column)
    }

    /// The expression text that ends just before `end`: back to the last word break
    /// outside brackets and quotes.
    func base(_ chars: [Character], before end: Int) -> String {
        var i = end
        var depth = 0
        var inString = false
        while i > 0 {
            let c = chars[i - 1]
            if c == "\"" || c == "“" || c == "”" { inString.toggle() }
            if !inString {
                if c == "]" || c == ")" { depth += 1 }
                if c == "[" || c == "(" {
                    if depth == 0 { break }
                    depth -= 1
                }
                if depth == 0 && Session.completionBreaks.contains(c) { break }
            }
            i -= 1
        }
        return String(chars[i..<end])
    }

    /// Evaluates a completion base without side effects; nil on any error.
    func evaluateQuietly(_ text: String) -> Value? {
        guard !text.isEmpty, let statements = try? Parser.parse(Source(name: "<tab>", text: text)),
            statements.count == 1, case .expression(let e) = statements[0]
        else { return nil }
        ensureDataset { _ in }
        var evaluator = Evaluator(environment: environment, settings: settings)
        return try? evaluator.evaluate(e)
    }
}
