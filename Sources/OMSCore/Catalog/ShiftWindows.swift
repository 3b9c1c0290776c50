/// Working windows in minutes, to find shifts that overlap. In the regular
/// week a window past Sunday midnight continues on Monday (`wrapsAt`).
struct ShiftWindows {
    static let minutesPerDay = 1_440
    static let minutesPerWeek = 7 * 1_440

    private struct Window {
        var start: Int
        var end: Int
        var index: Int
    }

    let wrapsAt: Int?
    private var windows: [Window] = []

    init(wrapsAt: Int?) {
        self.wrapsAt = wrapsAt
    }

    mutating func add(start: Int, minutes: Int, index: Int) {
        let end = start + minutes
        if let wrapsAt, end > wrapsAt {
            windows.append(Window(start: start, end: wrapsAt, index: index))
            windows.append(Window(start: 0, end: end - wrapsAt, index: index))
        } else {
            windows.append(Window(start: start, end: end, index: index))
        }
    }

    /// Two shifts sharing a minute, as (later index, earlier index); nil if
    /// none do. Touching windows (one ends where the next starts) are fine.
    func firstOverlap() -> (Int, Int)? {
        let sorted = windows.sorted { ($0.start, $0.index) < ($1.start, $1.index) }
        guard var reach = sorted.first else { return nil }
        for window in sorted.dropFirst() {
            if window.start < reach.end && window.index != reach.index {
                return (max(window.index, reach.index), min(window.index, reach.index))
            }
            if window.end > reach.end { reach = window }
        }
        return nil
    }
}

/// Local dates of calendar exceptions.
enum CalendarDate {
    /// "YYYY-MM-DD" naming a real day (leap years included), years 0001-9999.
    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10])
        else { return false }
        guard year >= 1, (1...12).contains(month) else { return false }
        return (1...daysIn(month: month, year: year)).contains(day)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
