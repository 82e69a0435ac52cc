import SuanpanData
import SuanpanLanguage

extension IndicatorText {
    /// A cell value as indicator text: numbers and percentages from the loader are
    /// bare quantities.
    public static func from(_ v: Value) -> IndicatorText? {
        switch v {
        case .string(let s): return parse(s)
        case .number(let x): return .quantity(.none, x, unit: "")
        case .ratio(let x): return .quantity(.none, x, unit: "%")
        case .empty: return .empty
        case .unreadable: return .unreadable
        default: return nil
        }
    }
}
