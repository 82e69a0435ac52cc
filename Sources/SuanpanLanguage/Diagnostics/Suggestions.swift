/// "Did you mean …": the closest known name to a misspelt one.
public enum Suggestions {
    /// The candidate with the smallest edit distance (on characters), if it is close
    /// enough to be a plausible typo: at most a third of the longer name, and at least 1.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        // A unique name that the typed text begins (调整后 → 调整后预算数) is the best guess.
        let extending = Set(candidates.filter { $0 != name && $0.hasPrefix(name) })
        if !name.isEmpty && extending.count == 1 { return extending.first }
        let target = Array(name)
        var best: (String, Int)?
        for c in Set(candidates) where c != name {
            let cand = Array(c)
            let limit = max(1, max(target.count, cand.count) / 3)
            if abs(cand.count - target.count) > limit { continue }
            let d = distance(target, cand)
            guard d <= limit else { continue }
            if let (name, distance) = best, distance < d || (distance == d && name < c) { continue }
            best = (c, d)
        }
        return best?.0
    }

    /// Edit distance counting a swap of two neighbours as one edit (hlep → help).
    package static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], before[j - 2] + 1)
                }
            }
            (before, prev, cur) = (prev, cur, before)
        }
        return prev[b.count]
    }
}
