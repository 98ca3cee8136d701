import CRMSandbox
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// `crm sandbox …`: serves both imitation APIs in the foreground until Ctrl-C or SIGTERM.
enum SandboxMode {
    static func run(_ args: [String]) -> Int32 {
        let term = Terminal.shared
        let options: SandboxOptions
        do {
            options = try SandboxCLI.parse(args)
        } catch {
            term.err("crm sandbox: \(error)")
            return 2
        }
        let server = SandboxServer(options: options)
        if let started = DemoSandbox.startServer(server) {
            term.err("crm sandbox: could not start: \(started)")
            return 5
        }
        term.out(SandboxCLI.banner(server) + "\n")
        term.flush()
        let stop = DispatchSemaphore(value: 0)
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map { sig in
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.setEventHandler { stop.signal() }
            s.resume()
            return s
        }
        stop.wait()
        sources.forEach { $0.cancel() }
        DemoSandbox.stopServer(server)
        return 0
    }
}
