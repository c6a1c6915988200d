extension DeadlineParser {
    /// The left side of a range or an early list item that leaves out what the right side says:
    /// "Mar" in "Mar-Apr 17", "1" in "1-15 May 2018", "Apr" in "Apr & Oct 17".
    enum Partial: Equatable {
        case month(Int)
        case day(Int)
        case dayMonth(day: Int, month: Int)

        /// Fills in the missing month or year from the point that follows (`anchor`), stepping
        /// back a year when needed so that "Nov-Feb 18" starts in November 2017.
        func completed(endingBy anchor: CalendarDate, written: String) throws(DeadlineParseError) -> Window {
            switch self {
            case .month(let month):
                let year = month > anchor.month ? anchor.year - 1 : anchor.year
                return Window(start: .firstDay(month: month, year: year), end: .lastDay(month: month, year: year))
            case .day(let day):
                let date = try DeadlineParser.date(day, anchor.month, anchor.year, written: written)
                return Window(start: date, end: date)
            case .dayMonth(let day, let month):
                let year = (month, day) > (anchor.month, anchor.day) ? anchor.year - 1 : anchor.year
                let date = try DeadlineParser.date(day, month, year, written: written)
                return Window(start: date, end: date)
            }
        }
    }

    static func date(_ day: Int, _ month: Int, _ year: Int, written: String) throws(DeadlineParseError) -> CalendarDate {
        guard let date = CalendarDate(year: year, month: month, day: day) else {
            let monthName = (1...12).contains(month) ? CalendarDate.monthNames[month - 1] : "month \(month)"
            throw DeadlineParseError(text: written, reason: "\(day) \(monthName) \(year) is not a real date")
        }
        return date
    }

    static func monthWindow(_ month: Int, _ year: Int) -> Window {
        Window(start: .firstDay(month: month, year: year), end: .lastDay(month: month, year: year))
    }

    /// UK financial years run 1 April to 31 March: "2017/18" is 1 Apr 2017 to 31 Mar 2018.
    static func financialYear(startingIn year: Int) -> Window {
        Window(start: .firstDay(month: 4, year: year), end: .lastDay(month: 3, year: year + 1))
    }

    /// A point that stands on its own: a date, month, season, quarter, financial or calendar year.
    static func parsePoint(_ slice: ArraySlice<DeadlineToken>, written: String) throws(DeadlineParseError) -> Window? {
        let t = withoutFiller(slice)
        if let window = partOfMonth(t) { return window }
        if let window = financialYearWindow(t[...]) { return window }
        if let window = periodWithinFinancialYear(t) { return window }

        switch t.count {
        case 1:
            if let year = fourDigitYear(t[0]) { return Window(start: .firstDay(month: 1, year: year), end: .lastDay(month: 12, year: year)) }
        case 2:
            if let month = month(t[0]), let year = year(t[1]) { return monthWindow(month, year) }
            if let season = season(t[0]), let year = year(t[1]) { return seasonWindow(season, year) }
        case 3:
            if let day = day(t[0]), let month = month(t[1]), let year = year(t[2]) {
                let date = try date(day, month, year, written: written)
                return Window(start: date, end: date)
            }
            if let month = month(t[0]), let day = day(t[1]), let year = fourDigitYear(t[2]) {
                let date = try date(day, month, year, written: written)
                return Window(start: date, end: date)
            }
            if let month = month(t[0]), ["-", "/", ","].contains(t[1].symbol), let year = year(t[2]) {
                return monthWindow(month, year)
            }
            if let month = day(t[0]), month <= 12, t[1].symbol == "/", let year = fourDigitYear(t[2]) {
                return monthWindow(month, year)
            }
            if let year = fourDigitYear(t[0]), t[1].symbol == "-", let month = day(t[2]), month <= 12, t[2].digits == 2 {
                return monthWindow(month, year)
            }
            if let season = season(t[0]), t[1].symbol == "-", let year = year(t[2]) { return seasonWindow(season, year) }
        case 4:
            if let day = day(t[0]), let month = month(t[1]), t[2].symbol == ",", let year = year(t[3]) {
                let date = try date(day, month, year, written: written)
                return Window(start: date, end: date)
            }
            if let month = month(t[0]), let day = day(t[1]), t[2].symbol == ",", let year = fourDigitYear(t[3]) {
                let date = try date(day, month, year, written: written)
                return Window(start: date, end: date)
            }
        case 5:
            if let year = fourDigitYear(t[0]), t[1].symbol == "-", t[3].symbol == "-",
               let month = t[2].number, let day = t[4].number, t[2].digits <= 2, t[4].digits <= 2 {
                let date = try date(day, month, year, written: written)
                return Window(start: date, end: date)
            }
            if let separator = t[1].symbol, ["/", ".", "-"].contains(separator), t[3].symbol == separator,
               let day = day(t[0]), let month = t[2].number, t[2].digits <= 2, let year = year(t[4]) {
                let date = try date(day, month, year, written: written)
                return Window(start: date, end: date)
            }
        default:
            break
        }
        return nil
    }

    static func parsePartial(_ slice: ArraySlice<DeadlineToken>, written: String) throws(DeadlineParseError) -> Partial? {
        let t = withoutFiller(slice)
        switch t.count {
        case 1:
            if let month = month(t[0]) { return .month(month) }
            if let day = day(t[0]) { return .day(day) }
        case 2:
            if let day = day(t[0]), let month = month(t[1]) { return .dayMonth(day: day, month: month) }
        default:
            break
        }
        return nil
    }

    /// "2017/18", "2017-18", "2017-2018", "17/18": two consecutive years make a financial year.
    static func financialYearWindow(_ t: ArraySlice<DeadlineToken>) -> Window? {
        let t = Array(t)
        guard t.count == 3, t[1].symbol == "/" || t[1].symbol == "-",
              let first = t[0].number, let second = t[2].number else { return nil }
        switch (t[0].digits, t[2].digits) {
        case (4, 2) where second == (first + 1) % 100: return financialYear(startingIn: first)
        case (4, 4) where second == first + 1: return financialYear(startingIn: first)
        case (2, 2) where second == (first + 1) % 100 && t[1].symbol == "/": return financialYear(startingIn: 2000 + first)
        default: return nil
        }
    }

    /// "Q3 2017-18", "2017/18 Q3", "Quarter 3 2017/18", "H2 2017-18": quarters and halves of a
    /// financial year, where Q1 is April to June and Q4 is January to March.
    static func periodWithinFinancialYear(_ t: [DeadlineToken]) -> Window? {
        guard let marker = t.firstIndex(where: { ["q", "quarter", "h", "half"].contains($0.word ?? "") }),
              marker + 1 < t.count, let index = t[marker + 1].number else { return nil }
        let rest = marker == 0 ? t[(marker + 2)...] : t[..<marker]
        guard marker == 0 || marker + 2 == t.count, let year = financialYearWindow(rest) else { return nil }
        let isHalf = t[marker].word == "h" || t[marker].word == "half"
        let count = isHalf ? 2 : 4
        guard (1...count).contains(index) else { return nil }
        let length = 12 / count
        let start = year.start.adding(months: (index - 1) * length)
        let lastMonth = start.adding(months: length - 1)
        return Window(start: start, end: .lastDay(month: lastMonth.month, year: lastMonth.year))
    }

    /// Thirds of a month, as review timetables write them: "Early June 2018" is 1–10 June,
    /// "Mid July 2018" 11–20 July (due the 20th), "Late Aug 18" the 21st to the month's end.
    /// ("End of July 2018" needs nothing here: "end of" is filler, so it is due 31 July.)
    static func partOfMonth(_ t: [DeadlineToken]) -> Window? {
        guard let word = t.first?.word, let days = monthParts[word] else { return nil }
        var rest = t.dropFirst()
        if rest.first?.symbol == "-" { rest = rest.dropFirst() }
        let r = Array(rest)
        let month: Int, year: Int
        if r.count == 2, let m = self.month(r[0]), let y = self.year(r[1]) {
            (month, year) = (m, y)
        } else if r.count == 3, let m = self.month(r[0]), ["-", "/", ","].contains(r[1].symbol), let y = self.year(r[2]) {
            (month, year) = (m, y)
        } else {
            return nil
        }
        let last = CalendarDate.lastDay(month: month, year: year)
        guard let start = CalendarDate(year: year, month: month, day: days.first) else { return nil }
        let end = days.last.flatMap { CalendarDate(year: year, month: month, day: $0) } ?? last
        return Window(start: start, end: end)
    }

    /// The days of a month each word covers; nil for the last day means the month's end.
    static let monthParts: [String: (first: Int, last: Int?)] = [
        "early": (1, 10),
        "mid": (11, 20), "middle": (11, 20),
        "late": (21, nil),
    ]

    static func seasonWindow(_ season: (first: Int, last: Int), _ year: Int) -> Window {
        let endYear = season.last < season.first ? year + 1 : year
        return Window(start: .firstDay(month: season.first, year: year), end: .lastDay(month: season.last, year: endYear))
    }

    /// Drops "by the end of" in front and "of"/"the" inside: "31st of May 2018" is "31 May 2018".
    static func withoutFiller(_ slice: ArraySlice<DeadlineToken>) -> [DeadlineToken] {
        slice.drop(while: { $0.word.map(leadingFillerWords.contains) ?? false })
            .filter { $0.word != "of" && $0.word != "the" }
    }

    static func month(_ token: DeadlineToken) -> Int? { token.word.flatMap { months[$0] } }
    static func season(_ token: DeadlineToken) -> (first: Int, last: Int)? { token.word.flatMap { seasons[$0] } }

    static func day(_ token: DeadlineToken) -> Int? {
        guard let value = token.number, token.digits <= 2, (1...31).contains(value) else { return nil }
        return value
    }

    /// Two-digit years are this century: "May-18" is May 2018.
    static func year(_ token: DeadlineToken) -> Int? {
        guard let value = token.number else { return nil }
        switch token.digits {
        case 2: return 2000 + value
        case 4 where value >= 1900: return value
        default: return nil
        }
    }

    static func fourDigitYear(_ token: DeadlineToken) -> Int? {
        token.digits == 4 ? year(token) : nil
    }
}
