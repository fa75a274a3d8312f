import Foundation

/// Short human text for ages and sizes in `db` output.
enum DurationText {
    /// `3d 4h`, `2h 5m`, `42s`.
    static func age(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        let (days, hours, minutes) = (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(total % 60)s" }
        return "\(total)s"
    }

    /// `12.3 MB`, `512 KB`, `80 B`.
    static func size(_ bytes: Int64) -> String {
        if bytes >= 1_000_000 { return String(format: "%.1f MB", Double(bytes) / 1_000_000) }
        if bytes >= 1_000 { return String(format: "%.0f KB", Double(bytes) / 1_000) }
        return "\(bytes) B"
    }
}
