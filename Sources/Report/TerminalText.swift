/// Text that came from an image (package names, versions, paths) made safe for a terminal.
enum TerminalText {
    /// `text` with control characters (escape sequences could clear the screen or retitle the window) shown
    /// as `?`.
    static func plain(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(text.unicodeScalars.map { isControl($0) ? "?" : Character($0) })
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
