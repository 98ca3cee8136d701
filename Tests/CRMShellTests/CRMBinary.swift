import Foundation

/// Spawns the built `crm` executable (it sits next to the test bundle in the build folder).
enum CRMBinary {
    static var url: URL? {
        let candidates = [
            URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("crm"),
            Bundle.main.bundleURL.appendingPathComponent("crm"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("crm"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    struct Result {
        var out: String
        var err: String
        var status: Int32
    }

    /// Runs crm with `args`, `stdin` text and `env` (added to a minimal environment), waiting for it to exit.
    static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) throws -> Result {
        let p = try start(args, env: env)
        feed(stdin, to: p)
        return p.wait()
    }

    /// `run` for a test whose crm talks to a sandbox in the test process: waits without holding
    /// one of the few cooperative threads that sandbox needs to answer.
    static func runAsync(_ args: [String], stdin: String? = nil, env: [String: String] = [:]) async throws -> Result {
        let p = try start(args, env: env)
        feed(stdin, to: p)
        return await p.finished()
    }

    /// Writes `stdin` to crm and closes it. crm may stop reading early (past its input limit) and
    /// exit: the write then fails with EPIPE, which must not kill the test process with SIGPIPE.
    static func feed(_ stdin: String?, to p: Running) {
        _ = ignoreBrokenPipes
        if let stdin { try? p.input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
        try? p.input.fileHandleForWriting.close()
    }

    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    final class Running: @unchecked Sendable {
        let process: Process
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        private var outData = Data()
        private var errData = Data()
        private let group = DispatchGroup()
        /// Signalled by the termination handler (`waitUntilExit` spins the run loop at full CPU).
        let exited = DispatchSemaphore(value: 0)

        init(process: Process) { self.process = process }

        func startReading() {
            for (pipe, isOut) in [(output, true), (error, false)] {
                group.enter()
                // A thread of its own: on Linux, Swift concurrency runs on the same dispatch root
                // queue as DispatchQueue.global(), so blocking reads there starve the test's
                // in-process sandboxes (and the crm under test waits on them: a deadlock until
                // its read timeout).
                Thread {
                    let d = pipe.fileHandleForReading.readDataToEndOfFile()
                    if isOut { self.outData = d } else { self.errData = d }
                    self.group.leave()
                }.start()
            }
        }

        /// Waits on a thread of its own, so the test's sandboxes keep the concurrency threads meanwhile.
        func finished() async -> Result {
            await withCheckedContinuation { c in Thread { c.resume(returning: self.wait()) }.start() }
        }

        func wait() -> Result {
            exited.wait()
            exited.signal()  // a later wait() returns at once
            group.wait()
            return Result(
                out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
                status: process.terminationStatus)
        }
    }

    static func start(_ args: [String], env: [String: String] = [:]) throws -> Running {
        guard let url else { throw CocoaError(.fileNoSuchFile) }
        let p = Process()
        p.executableURL = url
        p.arguments = args
        var base = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8"]
        base.merge(env) { $1 }
        p.environment = base
        let r = Running(process: p)
        p.terminationHandler = { _ in r.exited.signal() }
        p.standardInput = r.input
        p.standardOutput = r.output
        p.standardError = r.error
        try p.run()
        r.startReading()
        return r
    }
}
