import Foundation

/// A point in time as people type it in a query or an option: `2026-12-01` (a whole UTC day:
/// as an end it includes the day), an ISO 8601 time, or Unix seconds.
public enum TimeArgument {
    /// Nil for anything else, and for times before 1970 or after 9999.
    public static func parse(_ text: String, isEnd: Bool) -> Date? {
        guard let date = read(text, isEnd: isEnd), (0...253_402_300_799).contains(date.timeIntervalSince1970) else { return nil }
        return date
    }

    private static func read(_ text: String, isEnd: Bool) -> Date? {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        let day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = TimeZone(identifier: "UTC")
        day.dateFormat = "yyyy-MM-dd"
        if text.count == 10, let date = day.date(from: text) { return isEnd ? date.addingTimeInterval(86_400) : date }
        let iso = ISO8601DateFormatter()
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return iso.date(from: text)
    }
}
