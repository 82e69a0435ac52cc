import SuanpanLanguage

/// An indicator built-in's argument: the parsed text, and whether the value was a ratio
/// (a bare `94` against `≥90%` means 94%, a ratio cell 0.94 does not).
///
/// A class: a column of them is read row after row, and passing a reference costs a
/// count where copying the parsed text would cost a walk over its parts.
public final class IndicatorArgument: Sendable {
    package let text: IndicatorText
    package let isRatio: Bool
    /// Facts 计分障碍 asks of every row, worked out once per distinct text: whether the
    /// unit is %, and why a quantity is not one a rule can score (`2023年12月`).
    package let isPercent: Bool
    package let oddQuantity: String?

    package init(text: IndicatorText, isRatio: Bool) {
        self.text = text
        self.isRatio = isRatio
        if case .quantity(_, _, let unit) = text { isPercent = TextEquality.equal(unit, "%") } else { isPercent = false }
        oddQuantity = text.oddQuantity
    }
}

extension IndicatorArgument {
    /// 0.96 against ≥95% (Excel's fraction form of 96%?): a percentage target of 10% or
    /// more — against ≤1%, an actual 0.5 reads naturally as 0.5% — and a bare actual in
    /// (0, 1]. Asked by 计分障碍 and by the load check, per distinct text.
    package var isPercentTarget: Bool {
        let t = self
        guard t.isPercent, case .quantity(_, let x, _) = t.text else { return false }
        return !(x < Rational.fraction(1, 10))
    }

    package var isBareFraction: Bool {
        let a = self
        guard case .quantity(_, let v, let unit) = a.text else { return false }
        return unit.isEmpty && !a.isRatio && v > .zero && !(Rational.one < v)
    }
}
