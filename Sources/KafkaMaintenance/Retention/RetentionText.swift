/// How retention reports write times and durations: UTC ISO-8601 with milliseconds (what an operator
/// compares with broker logs), and short durations ("8d 0h", "3m 20s").
public enum RetentionText {
    /// `2024-10-15T12:00:00.000Z` for a millisecond timestamp (proleptic Gregorian, UTC).
    public static func timestamp(_ ms: Int64) -> String {
        let (days, msOfDay) = floorDivide(ms, 86_400_000)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let hours = msOfDay / 3_600_000, minutes = msOfDay / 60_000 % 60, seconds = msOfDay / 1000 % 60, millis = msOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hours, 2)):\(pad(minutes, 2)):\(pad(seconds, 2)).\(pad(millis, 3))Z"
    }

    /// A duration in the two largest units that matter: `8d 0h`, `1h 5m`, `3m 20s`, `12.5s`, `250ms`.
    public static func duration(_ ms: Int64) -> String {
        if ms < 0 { return "-" + duration(0 &- ms) }
        let day: Int64 = 86_400_000, hour: Int64 = 3_600_000, minute: Int64 = 60_000
        if ms >= day { return "\(ms / day)d \(ms % day / hour)h" }
        if ms >= hour { return "\(ms / hour)h \(ms % hour / minute)m" }
        if ms >= minute { return "\(ms / minute)m \(ms % minute / 1000)s" }
        if ms >= 1000 { return "\(ms / 1000).\(ms % 1000 / 100)s" }
        return "\(ms)ms"
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
