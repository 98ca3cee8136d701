import CRMCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a `LanguageServer` over file descriptors (stdin and stdout for `crm lsp`).
///
/// Blocking `read(2)` on the calling thread, on purpose: `crm` calls this from its main thread,
/// which is not one of the cooperative pool's threads (see PITFALLS: blocking a pool thread on a
/// pipe starves everything else). The server itself is synchronous, so no task is ever started.
/// Ends on the `exit` notification, or when the client closes the input.
public enum StdioServer {
    /// Serves until `exit` or end of input; returns the exit status (0 after `shutdown`, else 1).
    public static func run(
        _ server: LanguageServer, input: Int32 = 0, output: Int32 = 1, maxMessageBytes: Int = 32 * 1024 * 1024
    ) -> Int32 {
        signal(SIGPIPE, SIG_IGN)  // a client that went away must not kill us mid-write; write fails instead
        var reader = MessageReader(maxMessageBytes: maxMessageBytes)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return server.isShutDown ? 0 : 1 }
            reader.append(buffer[0..<n])
            while let event = reader.next() {
                let replies: [Value]
                switch event {
                case .message(let body): replies = server.handle(body: body)
                case .framingError(let message): replies = [server.framingError(message)]
                }
                for reply in replies {
                    guard writeAll(MessageWriter.frame(reply.toJSON()), to: output) else {
                        return server.isShutDown ? 0 : 1
                    }
                }
                if let status = server.exitStatus { return status }
            }
        }
    }

    /// Writes every byte, retrying short writes and interrupted calls; false when the pipe broke.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return write(fd, base + offset, raw.count - offset)
            }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}

extension LanguageServer {
    /// Whether `shutdown` was received.
    public var isShutDown: Bool { isShuttingDown }
}
