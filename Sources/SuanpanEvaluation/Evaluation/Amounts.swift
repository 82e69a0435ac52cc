import SuanpanLanguage

/// What sort of number a value is, for the rules that combine numbers.
public enum NumberKind: Sendable, Equatable {
    case plain, ratio
    case amount(MoneyUnit)

    /// A number's kind; an empty cell is a plain 0; nil for anything that is no number.
    package init?(_ v: Value) {
        switch v {
        case .number, .empty: self = .plain
        case .ratio: self = .ratio
        case .amount(_, let u): self = .amount(u)
        default: return nil
        }
    }

    public var unit: MoneyUnit? {
        if case .amount(let u) = self { return u }
        return nil
    }

    /// `x` as a value of this kind.
    package func value(_ x: Rational) -> Value {
        switch self {
        case .plain: return .number(x)
        case .ratio: return .ratio(x)
        case .amount(let u): return .amount(x, u)
        }
    }
}

/// The rules of amounts of money, in one place for every path that computes (the
/// interpreter, compiled rules, solve, aggregates and the four rates):
///
/// - Two amounts in one unit stay in it. Amounts in different units are both converted
///   to the working unit (the dataset's, 万元 unless it says otherwise) first.
/// - A number without a unit meeting an amount in `+`, `-`, a comparison, a rate or
///   an aggregate is in that amount's unit (`750,000元 + 100` is `750,100元`; a cell in
///   万元 plus 100 adds 100万元), as the amount itself prints.
/// - An amount times or divided by a number or a ratio is an amount in its unit
///   (`调整后预算数 * 95%`); an amount divided by an amount is a plain number, and the
///   four rates of amounts are ratios, whatever their units.
/// - Two amounts multiplied, a number divided by an amount and a power of an amount
///   mean nothing here: errors that say so.
package enum Amounts {
    /// The unit both operands are taken in, when either is an amount.
    @inline(__always)
    package static func common(_ a: NumberKind, _ b: NumberKind, working: MoneyUnit) -> MoneyUnit? {
        switch (a, b) {
        case (.amount(let u), .amount(let v)): return u == v ? u : working
        case (.amount(let u), _), (_, .amount(let u)): return u
        default: return nil
        }
    }

    /// `x` of kind `k` in `unit`: an amount converted, a plain number or ratio as it is.
    @inline(__always)
    package static func take(_ x: Rational, _ k: NumberKind, in unit: MoneyUnit?) -> Rational {
        guard let unit, case .amount(let u) = k, u != unit else { return x }
        return u.convert(x, to: unit)
    }

    /// How a binary operator combines two kinds: the unit its operands are taken in
    /// and the kind of its result.
    package struct Plan: Sendable {
        package let unit: MoneyUnit?
        package let result: NumberKind
    }

    /// A combination of amounts that means nothing, and the hint that goes with it.
    package enum Misuse: Error, Sendable {
        case product, numberOverAmount, power

        package var message: String {
            switch self {
            case .product: return "两个金额不能相乘"
            case .numberOverAmount: return "数字不能除以金额"
            case .power: return "金额不能作乘方或作指数"
            }
        }

        package var hint: String {
            switch self {
            case .product: return "提示：金额可以乘以数字或比率（如 调整后预算数 * 95%）；两个金额相除得到比值"
            case .numberOverAmount: return "提示：先乘后除，如 分值 * 全年执行数 / 调整后预算数"
            case .power: return "提示：增长按比率计算，如 基数 * (1 + 5%)^2"
            }
        }
    }

    /// The plan for `a op b` (an arithmetic operator).
    @inline(__always)
    package static func plan(_ op: BinaryOperator, _ a: NumberKind, _ b: NumberKind, working: MoneyUnit) -> Result<Plan, Misuse> {
        let ratios = a == .ratio && b == .ratio
        switch (a, b) {
        case (.amount, _), (_, .amount):
            break
        default:
            return .success(Plan(unit: nil, result: op == .power ? .plain : (ratios ? .ratio : .plain)))
        }
        switch op {
        case .add, .subtract:
            let u = common(a, b, working: working)!
            return .success(Plan(unit: u, result: .amount(u)))
        case .multiply:
            if case .amount(let u) = a, b.unit == nil { return .success(Plan(unit: nil, result: .amount(u))) }
            if case .amount(let u) = b, a.unit == nil { return .success(Plan(unit: nil, result: .amount(u))) }
            return .failure(.product)
        case .divide:
            if a.unit != nil, b.unit != nil { return .success(Plan(unit: common(a, b, working: working), result: .plain)) }
            if case .amount(let u) = a { return .success(Plan(unit: nil, result: .amount(u))) }
            return .failure(.numberOverAmount)
        default:
            return .failure(.power)
        }
    }

    /// Two numbers of any kinds in one unit, for a comparison, a rate or a pick.
    @inline(__always)
    package static func together(_ x: Rational, _ a: NumberKind, _ y: Rational, _ b: NumberKind, working: MoneyUnit)
        -> (Rational, Rational, MoneyUnit?)
    {
        let u = common(a, b, working: working)
        return (take(x, a, in: u), take(y, b, in: u), u)
    }
}

extension Amounts {
    /// The unit the items of an aggregate (`sum`, `avg`, `min`, `max`) are taken in:
    /// their amounts' one unit, the working unit when they have several, nil when
    /// none is an amount.
    package static func unit(of kinds: some Sequence<NumberKind>, working: MoneyUnit) -> MoneyUnit? {
        var found: MoneyUnit?
        for case .amount(let u) in kinds {
            if let f = found, f != u { return working }
            found = u
        }
        return found
    }

    /// The kind of an aggregate's result: an amount in `unit` when any item is one, a
    /// ratio when every item is, else plain.
    package static func aggregateKind(allRatios: Bool, unit: MoneyUnit?) -> NumberKind {
        if let unit { return .amount(unit) }
        return allRatios ? .ratio : .plain
    }
}

extension Amounts {
    /// The amounts met among an aggregate's numbers, where they are and in which units,
    /// so that those in other units are converted once all are gathered.
    package struct Gathered {
        var first: MoneyUnit?
        var mixed = false
        var places: [(index: Int, unit: MoneyUnit)] = []

        package init() {}

        @inline(__always)
        package mutating func note(_ unit: MoneyUnit, at index: Int) {
            if first == nil { first = unit } else if first != unit { mixed = true }
            places.append((index, unit))
        }

        /// Converts the amounts in `values` to their common unit (`unit(of:)`), which it
        /// returns; nil when there were none.
        package func convert(_ values: inout [Rational], working: MoneyUnit) -> MoneyUnit? {
            guard let first else { return nil }
            guard mixed else { return first }
            for (i, u) in places where u != working { values[i] = u.convert(values[i], to: working) }
            return working
        }
    }
}
