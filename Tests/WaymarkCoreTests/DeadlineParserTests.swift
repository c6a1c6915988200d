import Testing
@testable import WaymarkCore

private func day(_ y: Int, _ m: Int, _ d: Int) -> CalendarDate { CalendarDate(year: y, month: m, day: d)! }

@Suite struct DeadlineParserTests {
    @Test(arguments: [
        ("May-18", day(2018, 5, 1), day(2018, 5, 31)),
        ("Jun-17", day(2017, 6, 1), day(2017, 6, 30)),
        ("Feb-18", day(2018, 2, 1), day(2018, 2, 28)),
        ("Feb-20", day(2020, 2, 1), day(2020, 2, 29)),
        ("Mar-Apr 17", day(2017, 3, 1), day(2017, 4, 30)),
        ("Apr 17- Mar 18", day(2017, 4, 1), day(2018, 3, 31)),
        ("Nov-Feb 18", day(2017, 11, 1), day(2018, 2, 28)),
        ("31 May 2018", day(2018, 5, 31), day(2018, 5, 31)),
        ("31st May 2018", day(2018, 5, 31), day(2018, 5, 31)),
        ("1st of June 2018", day(2018, 6, 1), day(2018, 6, 1)),
        ("22nd December 2017", day(2017, 12, 22), day(2017, 12, 22)),
        ("3rd Jan 18", day(2018, 1, 3), day(2018, 1, 3)),
        ("May 31, 2018", day(2018, 5, 31), day(2018, 5, 31)),
        ("31/05/2018", day(2018, 5, 31), day(2018, 5, 31)),
        ("1/6/18", day(2018, 6, 1), day(2018, 6, 1)),
        ("31.05.2018", day(2018, 5, 31), day(2018, 5, 31)),
        ("2018-05-31", day(2018, 5, 31), day(2018, 5, 31)),
        ("May 2018", day(2018, 5, 1), day(2018, 5, 31)),
        ("September 2017", day(2017, 9, 1), day(2017, 9, 30)),
        ("Sept 17", day(2017, 9, 1), day(2017, 9, 30)),
        ("Sept. 2017", day(2017, 9, 1), day(2017, 9, 30)),
        ("May '18", day(2018, 5, 1), day(2018, 5, 31)),
        ("05/2018", day(2018, 5, 1), day(2018, 5, 31)),
        ("2018", day(2018, 1, 1), day(2018, 12, 31)),
        ("Mar to Apr 2017", day(2017, 3, 1), day(2017, 4, 30)),
        ("March 2017 – April 2017", day(2017, 3, 1), day(2017, 4, 30)),
        ("1-15 May 2018", day(2018, 5, 1), day(2018, 5, 15)),
        ("1 May to 15 June 2018", day(2018, 5, 1), day(2018, 6, 15)),
        ("2017/18", day(2017, 4, 1), day(2018, 3, 31)),
        ("2017-18", day(2017, 4, 1), day(2018, 3, 31)),
        ("2017-2018", day(2017, 4, 1), day(2018, 3, 31)),
        ("by end 2017/18", day(2017, 4, 1), day(2018, 3, 31)),
        ("By the end of March 2018", day(2018, 3, 1), day(2018, 3, 31)),
        ("Q1 2017-18", day(2017, 4, 1), day(2017, 6, 30)),
        ("Q3 2017-18", day(2017, 10, 1), day(2017, 12, 31)),
        ("Q4 2017/18", day(2018, 1, 1), day(2018, 3, 31)),
        ("2017/18 Q2", day(2017, 7, 1), day(2017, 9, 30)),
        ("Quarter 4 2019-20", day(2020, 1, 1), day(2020, 3, 31)),
        ("H2 2017-18", day(2017, 10, 1), day(2018, 3, 31)),
        ("Spring 2018", day(2018, 3, 1), day(2018, 5, 31)),
        ("Winter 2017", day(2017, 12, 1), day(2018, 2, 28)),
        // The peer challenge paper's timeline (seed 003).
        ("19-22 June 2018", day(2018, 6, 19), day(2018, 6, 22)),
        ("Mid July 2018", day(2018, 7, 11), day(2018, 7, 20)),
        ("mid-July 2018", day(2018, 7, 11), day(2018, 7, 20)),
        ("End of July 2018", day(2018, 7, 1), day(2018, 7, 31)),
        ("1 August 2018", day(2018, 8, 1), day(2018, 8, 1)),
        ("Aug-Sept 2018", day(2018, 8, 1), day(2018, 9, 30)),
        ("Early June 2018", day(2018, 6, 1), day(2018, 6, 10)),
        ("Late Feb 2020", day(2020, 2, 21), day(2020, 2, 29)),
        ("Late Feb-19", day(2019, 2, 21), day(2019, 2, 28)),
        ("By mid Jan 2019", day(2019, 1, 11), day(2019, 1, 20)),
    ])
    func readsDatedStyles(written: String, start: CalendarDate, due: CalendarDate) throws {
        let deadline = try DeadlineParser.parse(written)
        #expect(deadline.kind == .dated)
        #expect(deadline.earliestStart == start)
        #expect(deadline.due == due)
        #expect(deadline.written == written)
    }

    @Test func listsKeepInterimCheckpoints() throws {
        let twice = try DeadlineParser.parse("Apr 17 & Oct 17")
        #expect(twice.earliestStart == day(2017, 4, 1))
        #expect(twice.due == day(2017, 10, 31))
        #expect(twice.checkpoints == [day(2017, 4, 30)])

        let borrowed = try DeadlineParser.parse("Apr and Oct 2017")
        #expect(borrowed.checkpoints == [day(2017, 4, 30)])
        #expect(borrowed.due == day(2017, 10, 31))

        let three = try DeadlineParser.parse("Jun 17, Sep 17, Dec 17")
        #expect(three.checkpoints == [day(2017, 6, 30), day(2017, 9, 30)])
        #expect(three.due == day(2017, 12, 31))
    }

    @Test(arguments: ["July 17 onwards", "from July 2017", "Jul-17 and ongoing", "July 2017 & on-going", "July 17 - ongoing", "Starting July 2017"])
    func readsOpenEnds(written: String) throws {
        let deadline = try DeadlineParser.parse(written)
        #expect(deadline.kind == .openEnded)
        #expect(deadline.earliestStart == day(2017, 7, 1))
        #expect(deadline.due == nil)
    }

    @Test func fromWithAnEndIsARange() throws {
        let deadline = try DeadlineParser.parse("from Jan to Mar 2018")
        #expect(deadline.kind == .dated)
        #expect(deadline.earliestStart == day(2018, 1, 1))
        #expect(deadline.due == day(2018, 3, 31))
    }

    @Test(arguments: ["On-going", "Ongoing", "ongoing", "On going", "TBC", "tbc", "To be confirmed", "T.B.C."])
    func readsNoFixedDate(written: String) throws {
        let deadline = try DeadlineParser.parse(written)
        #expect(deadline.kind == .noFixedDate)
        #expect(deadline.due == nil)
        #expect(deadline.earliestStart == nil)
    }

    @Test(arguments: [
        ("soon", "expected a month and year"),
        ("", "the deadline is empty"),
        ("31 Feb 2018", "31 February 2018 is not a real date"),
        ("29/02/2017", "29 February 2017 is not a real date"),
        ("Q3 2017", "give the financial year of the quarter"),
        ("Mar 18 - Jan 18", "ends (31 Jan 2018) before it starts (1 Mar 2018)"),
        ("Smarch-18", "expected a month and year"),
        ("Mid 2018", "expected a month and year"),
        ("Mid July", "expected a month and year"),
    ])
    func quotesTheTextItCannotRead(written: String, reason: String) {
        do {
            _ = try DeadlineParser.parse(written)
            Issue.record("\"\(written)\" should not parse")
        } catch {
            #expect(error.text == written)
            #expect(error.description.contains("\"\(written)\""))
            #expect(error.reason.contains(reason), "\(error.reason)")
        }
    }

    @Test func twoDigitYearsAreThisCentury() throws {
        #expect(try DeadlineParser.parse("Jan-99").due == day(2099, 1, 31))
        #expect(try DeadlineParser.parse("Jan-00").due == day(2000, 1, 31))
    }

    @Test func leapDayIsReal() throws {
        #expect(try DeadlineParser.parse("29 Feb 2020").due == day(2020, 2, 29))
    }

    @Test func explainsItself() throws {
        #expect(try DeadlineParser.parse("May-18").explanation == "due 31 May 2018")
        #expect(try DeadlineParser.parse("Mar-Apr 17").explanation == "from 1 Mar 2017, due 30 Apr 2017")
        #expect(try DeadlineParser.parse("Apr 17 & Oct 17").explanation == "from 1 Apr 2017, checkpoint 30 Apr 2017, due 31 Oct 2017")
        #expect(try DeadlineParser.parse("On-going").explanation == "no fixed date")
        #expect(try DeadlineParser.parse("July 17 onwards").explanation == "from 1 Jul 2017, no end date")
    }
}
