import Testing
import WaymarkCore

@Suite struct CalendarDateTests {
    @Test func addingAMonthClampsToTheMonthEnd() {
        #expect(CalendarDate(year: 2017, month: 1, day: 31)!.adding(months: 1) == CalendarDate(year: 2017, month: 2, day: 28))
        #expect(CalendarDate(year: 2020, month: 1, day: 31)!.adding(months: 1) == CalendarDate(year: 2020, month: 2, day: 29))
        #expect(CalendarDate(year: 2017, month: 6, day: 30)!.adding(months: 1) == CalendarDate(year: 2017, month: 7, day: 30))
        #expect(CalendarDate(year: 2017, month: 12, day: 31)!.adding(months: 1) == CalendarDate(year: 2018, month: 1, day: 31))
        #expect(CalendarDate(year: 2018, month: 3, day: 31)!.adding(months: -1) == CalendarDate(year: 2018, month: 2, day: 28))
    }

    @Test func dayNumbersRoundTrip() {
        var date = CalendarDate(year: 1999, month: 12, day: 25)!
        for _ in 0..<2000 {
            #expect(CalendarDate(dayNumber: date.dayNumber) == date)
            let next = date.adding(days: 1)
            #expect(next > date)
            #expect(date.days(until: next) == 1)
            date = next
        }
        #expect(CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
    }

    @Test func rejectsDaysThatDoNotExist() {
        #expect(CalendarDate(year: 2017, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
        #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
        #expect(CalendarDate(year: 2017, month: 13, day: 1) == nil)
        #expect(CalendarDate(iso: "2017-02-30") == nil)
        #expect(CalendarDate(iso: "2017-2-3") == nil)
        #expect(CalendarDate(iso: "2017-06-30")?.display == "30 Jun 2017")
    }
}
