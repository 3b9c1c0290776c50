/// A weekly shift pattern with exceptions (holidays), shared by work centers.
///
/// Operations run only in working time; an operation that meets a break or a
/// holiday pauses and resumes at the next working minute.
public struct WorkCalendar: Sendable, Hashable, Codable {
    /// Identifier that work centers use to refer to this calendar.
    public var id: String
    /// Working windows within a week. Minute 0 is Monday 00:00.
    public var weeklyShifts: [WeeklyShift]
    /// Non-working ranges (holidays, plant shutdowns) in plan time.
    public var holidays: [TimeRange]

    /// Creates a calendar.
    public init(id: String, weeklyShifts: [WeeklyShift], holidays: [TimeRange] = []) {
        self.id = id
        self.weeklyShifts = weeklyShifts
        self.holidays = holidays
    }

    enum CodingKeys: String, CodingKey { case id, weeklyShifts, holidays }

    /// Decodes; `holidays` may be omitted.
    public init(from decoder: any Swift.Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        weeklyShifts = try c.decode([WeeklyShift].self, forKey: .weeklyShifts)
        holidays = try c.decodeIfPresent([TimeRange].self, forKey: .holidays) ?? []
    }

    /// A calendar with the same shift on the given days (0 = Monday ... 6 = Sunday).
    public static func daily(
        id: String, days: [Int] = [0, 1, 2, 3, 4], from startMinute: Int, to endMinute: Int,
        holidays: [TimeRange] = []
    ) -> WorkCalendar {
        WorkCalendar(
            id: id,
            weeklyShifts: days.map { WeeklyShift(day: $0, startMinute: startMinute, endMinute: endMinute) },
            holidays: holidays)
    }
}

/// One working window in a week: on `day` (0 = Monday), from `startMinute` to
/// `endMinute` minutes after that day's midnight. `endMinute` may exceed 1440
/// for a night shift that ends the next day.
public struct WeeklyShift: Sendable, Hashable, Codable {
    /// Day of week, 0 = Monday ... 6 = Sunday.
    public var day: Int
    /// Minutes after midnight when the shift starts.
    public var startMinute: Int
    /// Minutes after midnight when the shift ends (exclusive).
    public var endMinute: Int

    /// Creates a shift window.
    public init(day: Int, startMinute: Int, endMinute: Int) {
        self.day = day
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}
