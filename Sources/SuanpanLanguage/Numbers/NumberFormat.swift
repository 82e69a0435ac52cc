/// Display rules for numbers (language.md, "Display").
///
/// - A ratio shows as a percentage with `precision` decimals, half-up: `99.77%`.
/// - Any other number shows its exact decimal when that ends within
///   `maxExactPlaces` places (`0.3`, `4,367.764`); otherwise it is rounded half-up
///   to `precision` places and marked with `…` (`2.45…`).
/// - Thousands separators as the report prints them.
public struct NumberFormat: Sendable, Equatable {
    public var precision: Int
    public var maxExactPlaces: Int
    /// The unit of the tables: an amount in it prints bare, as the tables print it.
    public var workingUnit = MoneyUnit.default
    /// `:unit 元`: every amount printed in this unit, the unit written after it.
    public var displayUnit: MoneyUnit?

    public static let roundedMark = "…"

    public init(precision: Int = 2, maxExactPlaces: Int = 6) {
        self.precision = precision
        self.maxExactPlaces = maxExactPlaces
    }

    /// A plain number: exact when short, otherwise rounded and marked.
    public func plain(_ x: Rational) -> String {
        if let places = x.terminatingPlaces, places <= max(maxExactPlaces, precision) {
            return DecimalText.format(x, places: places)
        }
        return DecimalText.format(x.rounded(places: precision), places: precision) + NumberFormat.roundedMark
    }

    /// An amount: in the display unit when one is set, else in its own unit, written
    /// after it unless that is the tables' unit (`4,367.764`, `750,000元`). A rounding
    /// mark goes after the unit (`0.33万元…`).
    /// `unitAlways` writes the unit even in the tables' unit (confirmations, listings).
    public func amount(_ x: Rational, _ unit: MoneyUnit, unitAlways: Bool = false) -> String {
        let (shown, written) = shownUnit(unit)
        var text = plain(unit.convert(x, to: shown))
        guard written || unitAlways else { return text }
        let rounded = text.hasSuffix(NumberFormat.roundedMark)
        if rounded { text.removeLast() }
        return text + shown.name + (rounded ? NumberFormat.roundedMark : "")
    }

    /// The unit an amount in `unit` is shown in, and whether it is written after it.
    public func shownUnit(_ unit: MoneyUnit) -> (unit: MoneyUnit, written: Bool) {
        (displayUnit ?? unit, displayUnit != nil || unit != workingUnit)
    }

    /// A ratio as a percentage: `0.99768` → `99.77%`.
    public func percent(_ x: Rational) -> String {
        let p = x * Rational.hundred
        return DecimalText.format(p.rounded(places: precision), places: precision) + "%"
    }

    /// The exact value, for `:exact` and `explain`: the full decimal when it
    /// terminates, otherwise the fraction and a long approximation.
    public func exact(_ x: Rational) -> String {
        if let places = x.terminatingPlaces {
            return DecimalText.format(x, places: places, grouping: false)
        }
        let approx = DecimalText.format(x.rounded(places: 20, .truncate), places: 20, grouping: false)
        return "\(x.numerator)/\(x.denominator) = \(approx)\(NumberFormat.roundedMark)"
    }
}
