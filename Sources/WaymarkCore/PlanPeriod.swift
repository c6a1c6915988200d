/// The reporting year a plan covers, found in its title: "Best Value Improvement Plan 2017-18"
/// covers the financial year 1 April 2017 to 31 March 2018.
public struct PlanPeriod: Equatable, Sendable {
    public var label: String
    public var start: CalendarDate
    public var end: CalendarDate

    public static func find(in title: String) -> PlanPeriod? {
        for word in title.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" }) {
            let tokens = DeadlineTokenizer.tokens(of: String(word))
            if let window = DeadlineParser.financialYearWindow(tokens[...]) {
                return PlanPeriod(label: String(word), start: window.start, end: window.end)
            }
        }
        return nil
    }
}
