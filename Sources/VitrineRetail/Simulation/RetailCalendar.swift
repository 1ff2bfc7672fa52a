/// What kind of day a date is for a retailer: the calendar flags the feature table exposes and
/// the traffic multipliers the simulator applies.
public struct RetailDay: Equatable, Sendable {
    public var date: CivilDate
    /// 0 = Monday … 6 = Sunday.
    public var weekday: Int
    public var isHoliday: Bool
    public var isBlackFriday: Bool
    public var isPayday: Bool
    /// The holiday's name ("" on ordinary days), for reports.
    public var holidayName: String
}

/// US retail calendar over a day range: public holidays, Black Friday and Cyber Monday, and
/// paydays on the 1st and 15th (moved to the Friday before when they fall on a weekend).
public struct RetailCalendar: Sendable {
    public let start: CivilDate
    public let days: [RetailDay]

    /// The calendar of `dayCount` days from `start`.
    public init(start: CivilDate, dayCount: Int) {
        self.start = start
        let first = start.daysSinceEpoch
        var holidays: [Int: String] = [:]
        let lastYear = CivilDate(daysSinceEpoch: first + max(dayCount, 1) - 1).year
        for year in start.year...lastYear {
            for (date, name) in RetailCalendar.holidays(year: year) { holidays[date.daysSinceEpoch] = name }
        }
        days = (0..<dayCount).map { index in
            let date = CivilDate(daysSinceEpoch: first + index)
            let name = holidays[first + index] ?? ""
            return RetailDay(date: date, weekday: date.weekday, isHoliday: !name.isEmpty,
                             isBlackFriday: name == "Black Friday", isPayday: RetailCalendar.isPayday(date),
                             holidayName: name)
        }
    }

    public var count: Int { days.count }
    /// The day with dataset index `day`.
    public subscript(day: Int) -> RetailDay { days[day] }

    /// The dataset day index of `date` (may fall outside 0..<count).
    public func dayIndex(of date: CivilDate) -> Int { date.daysSinceEpoch - start.daysSinceEpoch }

    /// Holidays and retail events of `year`.
    public static func holidays(year: Int) -> [(CivilDate, String)] {
        let thanksgiving = CivilDate.nthWeekday(4, 3, year: year, month: 11)
        return [
            (CivilDate(year: year, month: 1, day: 1), "New Year's Day"),
            (CivilDate.nthWeekday(3, 0, year: year, month: 2), "Presidents' Day"),
            (CivilDate.nthWeekday(-1, 0, year: year, month: 5), "Memorial Day"),
            (CivilDate(year: year, month: 7, day: 4), "Independence Day"),
            (CivilDate.nthWeekday(1, 0, year: year, month: 9), "Labor Day"),
            (thanksgiving, "Thanksgiving"),
            (CivilDate(daysSinceEpoch: thanksgiving.daysSinceEpoch + 1), "Black Friday"),
            (CivilDate(daysSinceEpoch: thanksgiving.daysSinceEpoch + 4), "Cyber Monday"),
            (CivilDate(year: year, month: 12, day: 24), "Christmas Eve"),
            (CivilDate(year: year, month: 12, day: 25), "Christmas Day"),
            (CivilDate(year: year, month: 12, day: 26), "Boxing Day"),
            (CivilDate(year: year, month: 12, day: 31), "New Year's Eve"),
        ]
    }

    /// The 1st and the 15th, or the Friday before when either falls on a weekend.
    public static func isPayday(_ date: CivilDate) -> Bool {
        for payDay in [1, 15] {
            let nominal = CivilDate(year: date.year, month: date.month, day: payDay)
            let shift = nominal.weekday == 5 ? 1 : nominal.weekday == 6 ? 2 : 0
            if nominal.daysSinceEpoch - shift == date.daysSinceEpoch { return true }
        }
        // A 1st on a weekend moves into the previous month.
        let nextFirst = date.month == 12 ? CivilDate(year: date.year + 1, month: 1, day: 1) : CivilDate(year: date.year, month: date.month + 1, day: 1)
        let shift = nextFirst.weekday == 5 ? 1 : nextFirst.weekday == 6 ? 2 : 0
        return shift > 0 && nextFirst.daysSinceEpoch - shift == date.daysSinceEpoch
    }
}
