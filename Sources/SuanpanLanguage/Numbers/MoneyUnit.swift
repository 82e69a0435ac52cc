/// A unit of money: 元, 千元, 万元 or 亿元. Amounts are exact in any of them, and an
/// amount converts exactly to any other (`750,000元` is `75万元`).
public enum MoneyUnit: Int, Sendable, CaseIterable, Comparable {
    case yuan, thousandYuan, tenThousandYuan, hundredMillionYuan

    /// How the unit is written: `元`, `千元`, `万元`, `亿元`.
    public var name: String {
        switch self {
        case .yuan: return "元"
        case .thousandYuan: return "千元"
        case .tenThousandYuan: return "万元"
        case .hundredMillionYuan: return "亿元"
        }
    }

    /// How many 元 one of this unit is.
    public var inYuan: Rational {
        switch self {
        case .yuan: return .one
        case .thousandYuan: return Rational(1_000)
        case .tenThousandYuan: return Rational(10_000)
        case .hundredMillionYuan: return Rational(100_000_000)
        }
    }

    /// The unit a name writes (`万元`), if any.
    public init?(_ name: String) {
        guard let u = MoneyUnit.allCases.first(where: { $0.name == name }) else { return nil }
        self = u
    }

    /// The unit of most tables, and of amounts when nothing says otherwise.
    public static let `default` = MoneyUnit.tenThousandYuan

    /// `x` of this unit in `other`: exact, a power of ten's product or quotient.
    public func convert(_ x: Rational, to other: MoneyUnit) -> Rational {
        if self == other { return x }
        return self > other ? x * (inYuan / other.inYuan) : x / (other.inYuan / inYuan)
    }

    public static func < (a: MoneyUnit, b: MoneyUnit) -> Bool { a.rawValue < b.rawValue }
}
