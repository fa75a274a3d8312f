extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (manifest values, lock-file lines).
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
