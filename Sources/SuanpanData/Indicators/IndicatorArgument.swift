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
    /// For a qualitative text: the tiers it lists (`优良中低差`), and the quantity it is
    /// after stray characters (`工5%`) — also worked out once per distinct text.
    package let tiers: [String]?
    package let damagedNumber: String?
    /// For a qualitative text: whether its word says met, partly met or not met.
    package let attainment: IndicatorText.Attainment?
    /// For a quantity: its unit as a multiplier and what it multiplies (`万人` → 10000, 人).
    package let unitFactor: Rational
    package let unitBase: String

    package init(text: IndicatorText, isRatio: Bool) {
        self.text = text
        self.isRatio = isRatio
        if case .quantity(_, _, let unit) = text {
            isPercent = TextEquality.equal(unit, "%")
            (unitFactor, unitBase) = IndicatorText.scaled(unit)
        } else {
            isPercent = false
            (unitFactor, unitBase) = (.one, "")
        }
        oddQuantity = text.oddQuantity
        if case .qualitative(let word) = text {
            tiers = IndicatorText.scaleOptions(word)
            damagedNumber = IndicatorText.damagedNumber(word)
            attainment = IndicatorText.attainment(word)
        } else {
            tiers = nil
            damagedNumber = nil
            attainment = nil
        }
    }
}

extension IndicatorArgument {
    /// Whether the indicator's name can change how this text is scored (a target with
    /// no direction; a percentage above 100%: see 计分障碍).
    package func nameMatters(asTarget: Bool) -> Bool {
        guard case .quantity(let d, let v, _) = text else { return false }
        return (asTarget && d == .none) || (isPercent && Rational.one < v)
    }

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
