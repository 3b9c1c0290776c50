import OMSProto

extension Catalog {
    /// A calendar: id; a known plant it never leaves; at least one shift in
    /// the regular week, each on weekday 1...7, starting at minute 0...1439,
    /// lasting 1...1440 minutes, none overlapping another (the week wraps:
    /// Sunday's night shift runs into Monday); exceptions on distinct valid
    /// "YYYY-MM-DD" dates whose shifts are well formed and do not overlap.
    func validatedCalendar(_ input: Oms_V1_Calendar) throws(DomainError) -> Oms_V1_Calendar {
        let calendar = input.withoutServerFields
        try checkIdentity(calendar, in: calendars, "calendar", idField: "calendar_id")
        if calendar.shifts.isEmpty {
            throw .invalid("calendar.shifts", "at least one shift is required (without working time nothing ever runs)")
        }
        var week = ShiftWindows(wrapsAt: ShiftWindows.minutesPerWeek)
        for (index, shift) in calendar.shifts.enumerated() {
            let field = "calendar.shifts[\(index)]"
            if !(1...7).contains(shift.weekday) {
                throw .invalid("\(field).weekday", "must be 1 (Monday) to 7 (Sunday), got \(shift.weekday)")
            }
            try checkShiftTimes(shift, field)
            let start = Int(shift.weekday - 1) * ShiftWindows.minutesPerDay + Int(shift.startMinute)
            week.add(start: start, minutes: Int(shift.durationMinutes), index: index)
        }
        if let (later, earlier) = week.firstOverlap() {
            throw .invalid("calendar.shifts[\(later)]", "overlaps shifts[\(earlier)]")
        }
        var dates = Set<String>()
        for (index, exception) in calendar.exceptions.enumerated() {
            let field = "calendar.exceptions[\(index)]"
            if !CalendarDate.isValid(exception.date) {
                throw .invalid("\(field).date", "\"\(exception.date)\" is not a date of the form YYYY-MM-DD")
            }
            try CatalogFieldCheck.unique(exception.date, in: &dates, "\(field).date")
            var day = ShiftWindows(wrapsAt: nil)
            for (shiftIndex, shift) in exception.shifts.enumerated() {
                try checkShiftTimes(shift, "\(field).shifts[\(shiftIndex)]")
                day.add(start: Int(shift.startMinute), minutes: Int(shift.durationMinutes), index: shiftIndex)
            }
            if let (later, earlier) = day.firstOverlap() {
                throw .invalid("\(field).shifts[\(later)]", "overlaps shifts[\(earlier)] of the same date")
            }
        }
        return calendar
    }

    /// Start inside the day, length from one minute to one day.
    private func checkShiftTimes(_ shift: Oms_V1_Shift, _ field: String) throws(DomainError) {
        if shift.startMinute >= UInt32(ShiftWindows.minutesPerDay) {
            throw .invalid(
                "\(field).start_minute", "must be 0 to 1439 (minutes after midnight), got \(shift.startMinute)")
        }
        if shift.durationMinutes == 0 || shift.durationMinutes > UInt32(ShiftWindows.minutesPerDay) {
            throw .invalid("\(field).duration_minutes", "must be 1 to 1440, got \(shift.durationMinutes)")
        }
    }
}
