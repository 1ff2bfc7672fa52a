import Testing
@testable import VitrineRetail

@Suite struct MoneyAndCalendarTests {
    @Test func moneyFormatsAndParses() {
        #expect(Money.format(1234) == "12.34")
        #expect(Money.format(5) == "0.05")
        #expect(Money.format(-150) == "-1.50")
        #expect(Money.format(0) == "0.00")
        #expect(Money.parse("12.34") == 1234)
        #expect(Money.parse("12.3") == 1230)
        #expect(Money.parse("12") == 1200)
        #expect(Money.parse("-0.05") == -5)
        #expect(Money.parse("12.345") == nil)
        #expect(Money.parse("1.2.3") == nil)
        #expect(Money.parse("abc") == nil)
        #expect(Money.parse("") == nil)
        for cents in [0, 1, 99, 100, 123_456] { #expect(Money.parse(Money.format(cents)) == cents) }
    }

    @Test func percentageRoundsHalfUp() {
        #expect(Money.percentage(of: 3998, basisPoints: 1500) == 600)  // 599.7
        #expect(Money.percentage(of: 5, basisPoints: 1000) == 1)  // 0.5
        #expect(Money.percentage(of: 4, basisPoints: 1000) == 0)  // 0.4
    }

    @Test func civilDatesRoundTripAndKnowTheirWeekday() {
        #expect(CivilDate(year: 1970, month: 1, day: 1).daysSinceEpoch == 0)
        #expect(CivilDate(year: 2023, month: 1, day: 1).daysSinceEpoch == 19358)
        #expect(CivilDate(year: 2023, month: 1, day: 1).weekday == 6)  // a Sunday
        #expect(CivilDate(year: 2024, month: 2, day: 29).weekday == 3)  // a Thursday
        #expect(CivilDate(year: 2024, month: 12, day: 31).dayOfYear == 366)
        for days in stride(from: -1000, to: 30000, by: 37) {
            #expect(CivilDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
        #expect(CivilDate(iso: "2024-02-29") == CivilDate(year: 2024, month: 2, day: 29))
        #expect(CivilDate(iso: "2023-02-29") == nil)
        #expect(CivilDate(iso: "2023-1-05") == nil)
        #expect(CivilDate(year: 2023, month: 3, day: 7).description == "2023-03-07")
    }

    @Test func retailCalendarMarksHolidaysAndPaydays() {
        let calendar = RetailCalendar(start: CivilDate(year: 2023, month: 1, day: 1), dayCount: 730)
        let blackFridays = calendar.days.filter(\.isBlackFriday).map { $0.date.description }
        #expect(blackFridays == ["2023-11-24", "2024-11-29"])
        let memorial = calendar.days.first { $0.holidayName == "Memorial Day" }
        #expect(memorial?.date.description == "2023-05-29")
        #expect(calendar.days.first { $0.holidayName == "Labor Day" }?.date.description == "2023-09-04")
        // 2023-01-15 is a Sunday: payday moves to Friday the 13th; 2023-07-01 is a Saturday → June 30.
        let paydays = Set(calendar.days.filter(\.isPayday).map { $0.date.description })
        #expect(paydays.contains("2023-01-13") && !paydays.contains("2023-01-15"))
        #expect(paydays.contains("2023-06-30") && !paydays.contains("2023-07-01"))
        #expect(paydays.contains("2023-02-01") && paydays.contains("2023-02-15"))
        // 24 nominal paydays, but 2023-01-01 (a Sunday) moved to 2022-12-30, before the calendar.
        #expect(calendar.days.filter { $0.date.year == 2023 && $0.isPayday }.count == 23)
    }
}
