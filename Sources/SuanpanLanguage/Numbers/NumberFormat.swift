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
