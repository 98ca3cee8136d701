import Foundation

/// Asks for a secret (a token, a password) on the terminal without echoing it.
public enum TerminalPrompt {
    /// Shows `prompt` on the controlling terminal and reads one line with echo off; nil when there is
    /// no terminal, or when the user presses Ctrl-C or Ctrl-D on an empty line.
    ///
    /// The terminal is put in non-canonical mode with ECHO and ISIG off, so Ctrl-C arrives as a byte
    /// and the saved terminal settings are always restored before returning (a SIGINT that killed
    /// the process here would leave the terminal without echo). Backspace and Ctrl-U edit the line.
    public static func readSecret(_ prompt: String) -> String? {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        put(fd, prompt)
        guard tcsetattr(fd, TCSAFLUSH, &raw) == 0 else { return nil }
        let bytes = readLine(fd)
        _ = tcsetattr(fd, TCSAFLUSH, &saved)
        put(fd, "\n")
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads bytes up to Enter; nil on Ctrl-C, on Ctrl-D with nothing typed, or on a read error.
    private static func readLine(_ fd: Int32) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            guard n == 1 else { return line.isEmpty ? nil : line }
            switch byte {
            case 0x0A, 0x0D: return line
            case 0x03: return nil
            case 0x04: if line.isEmpty { return nil }
            case 0x7F, 0x08:
                // Drop one UTF-8 character: continuation bytes, then its lead byte.
                while let last = line.last, last & 0xC0 == 0x80 { line.removeLast() }
                if !line.isEmpty { line.removeLast() }
            case 0x15: line.removeAll()
            default: line.append(byte)
            }
        }
    }

    private static func put(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }
}
