import CRMCore
import Foundation

extension Terminal {
    /// Whether the process's locale and `NO_COLOR` ask for Unicode drawing (read once: the
    /// environment does not change under a running shell).
    static let environmentPrefersUnicode = Display.prefersUnicode(ProcessInfo.processInfo.environment)

    /// What pictures may draw on stdout: nil when stdout is not a terminal, else its current width
    /// (read each time, so a resized window is followed) and whether the locale is UTF-8 with no
    /// `NO_COLOR` (see `Display.prefersUnicode`).
    var display: Display? {
        guard stdoutIsTTY else { return nil }
        return Display(width: width, isUnicode: Self.environmentPrefersUnicode)
    }
}
