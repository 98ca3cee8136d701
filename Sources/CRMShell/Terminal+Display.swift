import CRMCore
import Foundation

extension Terminal {
    /// What pictures may draw on stdout: nil when stdout is not a terminal, else its current width
    /// and whether the locale is UTF-8 with no `NO_COLOR` (see `Display.prefersUnicode`).
    var display: Display? {
        guard stdoutIsTTY else { return nil }
        return Display(width: width, isUnicode: Display.prefersUnicode(ProcessInfo.processInfo.environment))
    }
}
