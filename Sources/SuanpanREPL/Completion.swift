import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// Tab completion on whole characters (what to complete comes from
/// `Session.completions(before:)`): `执`⇥ → `执行率`; with `预算数` and
/// `预算收入` the common prefix is `预算` (never half a UTF-8 character).
public enum Completion {
    public enum Result: Equatable {
        case none
        /// One match (or an unambiguous prefix): insert this much.
        case insert(String)
        /// Several matches: insert the common part, and list them.
        case choices(insert: String, all: [String])
        /// Matched by pinyin initials (`zxl` → 执行率): the typed letters give way to
        /// `text` — the one match, or what several share when it covers every typed
        /// letter (else the letters stay) — and `all` lists the matches when several.
        case replace(String, all: [String])
    }

    public static func complete(_ word: String, among words: [String]) -> Result {
        guard !word.isEmpty else { return .none }
        let matches = Array(Set(words.filter { $0.hasPrefix(word) && $0 != word })).sorted()
        if matches.isEmpty { return byInitials(word, among: words) }
        if matches.count == 1 { return .insert(String(matches[0].dropFirst(word.count))) }
        let suffix = String(commonPrefix(matches).dropFirst(word.count))
        return .choices(insert: suffix, all: matches)
    }

    /// Names whose characters' pinyin initials begin with the typed letters.
    static func byInitials(_ word: String, among words: [String]) -> Result {
        let matches = Array(Set(words.filter { Pinyin.matches(initials: word, name: $0) })).sorted()
        if matches.isEmpty { return .none }
        if matches.count == 1 { return .replace(matches[0], all: []) }
        let common = commonPrefix(matches)
        return .replace(common.count >= word.count ? common : word, all: matches)
    }

    static func commonPrefix(_ words: [String]) -> String {
        var common = Array(words[0])
        for m in words.dropFirst() {
            let chars = Array(m)
            var n = 0
            while n < common.count && n < chars.count && common[n] == chars[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        return String(common)
    }

    /// The choices in columns that fit `width`, aligned by display width.
    public static func layout(_ items: [String], width: Int) -> String {
        let colWidth = (items.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        let perRow = max(1, width / max(colWidth, 1))
        var lines: [String] = []
        var i = 0
        while i < items.count {
            let row = items[i..<min(i + perRow, items.count)]
            lines.append(row.map { DisplayWidth.pad($0, to: colWidth) }.joined().trimmingCharacters(in: " "))
            i += perRow
        }
        return lines.joined(separator: "\n")
    }
}
