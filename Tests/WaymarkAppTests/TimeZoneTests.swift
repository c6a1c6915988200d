import Foundation
import Testing
import WaymarkCore
@testable import WaymarkApp

/// "Today" is the council's day: `WAYMARK_TIME_ZONE`, Europe/London unless set.
@Suite struct TimeZoneTests {
    @Test func theCouncilsZoneIsLondonUnlessSet() throws {
        #expect(try AsOf.zone(from: [:]).identifier == "Europe/London")
        #expect(try AsOf.zone(from: ["WAYMARK_TIME_ZONE": " "]).identifier == "Europe/London")
        #expect(try AsOf.zone(from: ["WAYMARK_TIME_ZONE": "Europe/Dublin"]).identifier == "Europe/Dublin")
        let refused = #expect(throws: StartupError.self) { try AsOf.zone(from: ["WAYMARK_TIME_ZONE": "Mars/Olympus_Mons"]) }
        #expect(refused?.description == "WAYMARK_TIME_ZONE: \"Mars/Olympus_Mons\" is not a time zone Waymark knows; give a name such as Europe/London or Europe/Dublin")
    }

    @Test func aSummerEveningInLondonIsTheNextDayAfterMidnightThere() {
        // 23:30 UTC on 30 June 2018 is 00:30 on 1 July in London (BST), when the test runs in
        // the default zone.
        guard ProcessInfo.processInfo.environment["WAYMARK_TIME_ZONE"] == nil else { return }
        let lateUTC = Date(timeIntervalSince1970: 1_530_401_400)
        #expect(AsOf.today(lateUTC) == CalendarDate(year: 2018, month: 7, day: 1))
    }
}
