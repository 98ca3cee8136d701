import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A tiny deterministic HTTP/1.1 server on 127.0.0.1 (port 0) for failure tests: each request is
/// answered by a script, including answers no framework would send (a body cut off, a reset).
///
/// Plain POSIX sockets and threads rather than a Hummingbird router: the test target only
/// depends on CRMCore, CRMClient and CRMSandbox, and resets and cut-off bodies need raw sockets.
final class ScriptedServer: Sendable {
    /// One received request.
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [String: String]
        var body: String
    }

    /// How to answer.
    enum Reply: Sendable {
        /// A complete response.
        case status(Int, String, body: String, headers: [(String, String)] = [])
        /// Exactly these bytes, then close.
        case raw(String)
        /// Close the connection with a TCP reset, without answering.
        case reset
        /// Never answer; hold the connection until the client gives up.
        case hang
        /// These bytes, one every `interval` seconds (a server that trickles its answer), then close.
        case trickle(String, interval: Double)
        /// A complete response that keeps the connection open for the next request.
        case keepAlive(Int, String, body: String, headers: [(String, String)])
    }

    let port: Int
    private let listenFD: Int32
    private let log = RequestLog()
    private let stopped = Mutex(false)

    /// Starts listening; `script(request, index)` answers the index-th request (0-based).
    init(_ script: @escaping @Sendable (Request, Int) -> Reply) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listenFD = fd
        let log = self.log
        Thread.detachNewThread {
            while true {
                let conn = accept(fd, nil, nil)
                if conn < 0 {
                    if errno == EINTR { continue }
                    // Only this thread closes the listening descriptor, after its last accept: a
                    // descriptor number closed elsewhere could be reused by another server's
                    // socket and then accepted from here with the wrong script.
                    close(fd)
                    return
                }
                Thread.detachNewThread { Self.serve(conn, log: log, script: script) }
            }
        }
    }

    /// Every request received so far.
    var requests: [Request] { log.entries.withLock { $0 } }

    /// The base URL (`http://127.0.0.1:PORT`).
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Stops accepting connections.
    /// Stops accepting connections (the accept thread then closes the descriptor); safe to call
    /// twice.
    func stop() {
        let first = stopped.withLock { s in
            defer { s = true }
            return !s
        }
        guard first else { return }
        shutdown(listenFD, Int32(SHUT_RDWR))
    }

    deinit { stop() }

    private static func serve(_ conn: Int32, log: RequestLog, script: @Sendable (Request, Int) -> Reply) {
        defer { close(conn) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        func fill() -> Bool {
            let n = read(conn, &chunk, chunk.count)
            if n <= 0 { return false }
            buffer += chunk[0..<n]
            return true
        }
        while true {
            var headerEnd: Int?
            while headerEnd == nil {
                if let r = find(Array("\r\n\r\n".utf8), in: buffer) { headerEnd = r } else if !fill() { return }
            }
            guard let end = headerEnd else { return }
            let head = String(decoding: buffer[0..<end], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < end + 4 + length { if !fill() { return } }
            let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
            buffer.removeFirst(end + 4 + length)
            let req = Request(
                method: requestLine.first.map(String.init) ?? "",
                target: requestLine.count > 1 ? String(requestLine[1]) : "",
                headers: headers, body: body)
            let index = log.entries.withLock { l in
                l.append(req)
                return l.count - 1
            }
            switch script(req, index) {
            case .status(let code, let reason, let body, let extra):
                var text = "HTTP/1.1 \(code) \(reason)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
                if !extra.contains(where: { $0.0.lowercased() == "content-type" }) {
                    text += "Content-Type: application/json\r\n"
                }
                for (k, v) in extra { text += "\(k): \(v)\r\n" }
                text += "\r\n" + body
                writeAll(conn, text)
                return
            case .keepAlive(let code, let reason, let body, let extra):
                var text = "HTTP/1.1 \(code) \(reason)\r\nContent-Length: \(body.utf8.count)\r\n"
                for (k, v) in extra { text += "\(k): \(v)\r\n" }
                writeAll(conn, text + "\r\n" + body)
            case .raw(let text):
                writeAll(conn, text)
                return
            case .hang:
                while read(conn, &chunk, chunk.count) > 0 {}
                return
            case .trickle(let text, let interval):
                for byte in text.utf8 {
                    var b = byte
                    guard write(conn, &b, 1) == 1 else { return }
                    usleep(UInt32(interval * 1_000_000))
                }
                return
            case .reset:
                var lg = linger(l_onoff: 1, l_linger: 0)
                setsockopt(conn, SOL_SOCKET, SO_LINGER, &lg, socklen_t(MemoryLayout<linger>.size))
                return
            }
        }
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            off += n
        }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count)
        where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }
}

/// The requests a `ScriptedServer` received.
final class RequestLog: Sendable {
    let entries = Mutex<[ScriptedServer.Request]>([])
}

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
/// A loopback port that refuses connections for as long as the returned holder lives: a socket
/// bound to it without listening. Holding it (rather than closing a server and reusing its
/// number) keeps tests running in parallel from binding the same port in the meantime.
final class RefusingPort: Sendable {
    let port: Int
    private let fd: Int32

    init() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        self.fd = fd
    }

    deinit { close(fd) }
}
