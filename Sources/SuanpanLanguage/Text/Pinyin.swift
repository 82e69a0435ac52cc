import Foundation

/// Pinyin initials of CJK characters, for Tab completion by initials: `zxl` names
/// 执行率 (zhí xíng lǜ), `tzhysf` 调整后预算数. A polyphonic character answers to the
/// initial of any of its readings (行: x or h; 调: t or d).
///
/// The table is the resource `Pinyin/initials.txt`, generated once by
/// `Scripts/gen-pinyin` from a public pinyin data source (provenance in its header),
/// and read on first use.
public enum Pinyin {
    /// Initials as a bit set over a–z, by scalar value.
    package static let table: [UInt32: UInt32] = {
        guard let path = Resources.path("Pinyin/initials.txt"),
            let bytes = FileManager.default.contents(atPath: path)
        else { return [:] }
        var table: [UInt32: UInt32] = [:]
        table.reserveCapacity(42_000)
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.firstIndex(of: " ") else { continue }
            var mask: UInt32 = 0
            for c in line[..<space].unicodeScalars where c.value >= 97 && c.value <= 122 { mask |= 1 << (c.value - 97) }
            for c in line[line.index(after: space)...].unicodeScalars { table[c.value] = mask }
        }
        return table
    }()

    /// The initials a character answers to, as letters (`行` → `["h", "x"]`).
    public static func initials(of c: Character) -> [Character] {
        guard let s = c.unicodeScalars.first, let mask = table[s.value] else { return [] }
        return (0..<26).filter { mask & (1 << $0) != 0 }.map { Character(Unicode.Scalar(UInt8(97 + $0))) }
    }

    /// Whether `typed` (ASCII letters and digits) spells the start of `name` by
    /// initials: one letter per CJK character; letters and digits in the name match
    /// themselves, case aside. `zxl` → 执行率, `zx` → 执行率分值; `zxl` ↛ 执行.
    public static func matches(initials typed: String, name: String) -> Bool {
        let letters = Array(typed.lowercased().unicodeScalars)
        guard !letters.isEmpty, letters.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        else { return false }
        let chars = Array(name.unicodeScalars)
        guard letters.count <= chars.count else { return false }
        for (letter, c) in zip(letters, chars) {
            if c.isASCII {
                if Character(c).lowercased() != String(letter) { return false }
            } else {
                guard let mask = table[c.value], letter.value >= 97, letter.value <= 122,
                    mask & (1 << (letter.value - 97)) != 0
                else { return false }
            }
        }
        return true
    }
}
