import CRMCore
import Foundation
import TOMLKit

/// The profiles file, `config.toml`:
///
/// ```toml
/// current = "prod"
///
/// [profiles.prod]
/// class = "prod"
/// leeloo_url = "https://api.leeloo.ai"
/// leeloo_token = "env:LEELOO_TOKEN"
/// chattonic_url = "https://…"
/// chattonic_codename = "acme"
/// chattonic_token = "…"
/// chattonic_app_token = "…"
/// ```
///
/// Read with TOMLKit; a malformed file is a `config.invalid` error naming the file and line.
/// Written by hand (string values only, in a fixed order) atomically, mode 0600 in a 0700
/// directory. Tokens are stored exactly as given, so `env:NAME` stays a reference.
struct ConfigFile: Sendable, Equatable {
    /// The `current` key.
    var current: String?
    /// Profiles in file order, tokens unresolved.
    var profiles: [Profile] = []

    /// Reads `url`; a missing file is an empty config.
    static func load(_ url: URL) throws(CRMError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: url.path) else { return ConfigFile() }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw CRMError("config.unreadable", "Could not read the config file '\(url.path)'.", exit: .runtime)
        }
        return try parse(text, path: url.path)
    }

    /// Parses config text; `path` is used in error locations.
    static func parse(_ text: String, path: String) throws(CRMError) -> ConfigFile {
        // TOMLKit reads a C string: a NUL byte would silently cut the file short there.
        if let nul = text.unicodeScalars.firstIndex(of: "\u{0}") {
            let line = text.unicodeScalars[..<nul].count(where: { $0 == "\n" }) + 1
            throw invalid("it holds a NUL byte (is it a text file?)", line: line, path: path)
        }
        // The escape of a NUL in a TOML string (`\u0000`, `\U00000000`): TOMLKit would cut the
        // value there and a token would be sent cut short (`abcd`).
        for escape in ["\\u0000", "\\U00000000"] {
            if let r = text.range(of: escape) {
                let line = text[..<r.lowerBound].count(where: { $0 == "\n" }) + 1
                throw invalid("a value holds \(escape) (a NUL character); a token cannot", line: line, path: path)
            }
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw CRMError(
                "config.invalid", "Invalid config file: \(e.description).",
                at: SourceLocation(file: path, line: max(e.source.begin.line, 1), column: max(e.source.begin.column, 1))
            )
        } catch {
            throw CRMError(
                "config.invalid", "Invalid config file: \(error).", at: SourceLocation(file: path, line: 1, column: 1))
        }
        var config = ConfigFile()
        if let cur = table["current"] {
            guard let s = cur.string else {
                throw invalid("'current' must be a string", key: "current", text: text, path: path)
            }
            config.current = s
        }
        guard let node = table["profiles"] else { return config }
        guard let profiles = node.table else {
            throw invalid(
                "'profiles' must be a table of [profiles.NAME] sections", key: "[profiles", text: text, path: path)
        }
        var named: [(Int, Profile)] = []
        // The line of each `[profiles.NAME]` header, found in one pass: searching the text once
        // per profile made a config of 10,000 profiles take minutes to load.
        let headers = profileHeaderLines(text)
        for (name, value) in profiles {
            let line = headers[name] ?? lineOf("profiles." + name, in: text) ?? lineOf(name, in: text) ?? 1
            guard let t = value.table else {
                throw invalid("profile '\(name)' must be a [profiles.\(name)] section", line: line, path: path)
            }
            var p = Profile(name: name, safetyClass: .prod)
            for (key, v) in t {
                guard let s = v.string else {
                    throw invalid(
                        "'\(key)' of profile '\(name)' must be a string",
                        line: lineOf(key, in: text, from: line) ?? line, path: path)
                }
                // A control character (a NUL from `\u0000`, a newline) in a value is never what was
                // meant: a token would be cut or sent as written. Refused with its line.
                if s.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    throw invalid(
                        "'\(key)' of profile '\(name)' holds a control character (such as \\u0000)",
                        line: lineOf(key, in: text, from: line) ?? line, path: path)
                }
                switch key {
                case "class":
                    guard let c = SafetyClass(rawValue: s) else {
                        throw invalid(
                            "unknown class '\(s)' in profile '\(name)' (expected demo, staging or prod)",
                            line: lineOf(key, in: text, from: line) ?? line, path: path)
                    }
                    p.safetyClass = c
                case "leeloo_url": p.leelooURL = s
                case "leeloo_token": p.leelooToken = s
                case "chattonic_url": p.chattonicURL = s
                case "chattonic_codename", "codename": p.chattonicCodename = s
                case "chattonic_token": p.chattonicToken = s
                case "chattonic_app_token", "app_token": p.chattonicAppToken = s
                default: break  // Unknown keys are ignored so newer files still load.
                }
            }
            named.append((line, p))
        }
        config.profiles = named.sorted { $0.0 < $1.0 }.map(\.1)
        return config
    }

    /// The warning for a config file at `url` that holds literal tokens (not `env:NAME`) and that
    /// its group or others may read, or nil.
    func permissionWarning(_ url: URL) -> String? {
        let literal = profiles.contains { p in p.tokens.contains { !$0.hasPrefix("env:") } }
        guard literal, let attrs = try? FileManager.default.attributesOfItem(atPath: url.path),
            let mode = (attrs[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        else { return nil }
        return
            "Warning: the config file '\(url.path)' holds tokens and can be read by other users (mode \(String(mode & 0o777, radix: 8))); run: chmod 600 '\(url.path)'"
    }

    /// The TOML text of this config.
    func render() -> String {
        var out = "# crm profiles. Tokens are secrets: keep this file private (mode 0600).\n"
        out += "# A token may be written as \"env:NAME\" to read it from the environment variable NAME.\n"
        if let current { out += "current = \(Self.quote(current))\n" }
        for p in profiles {
            out += "\n[profiles.\(Self.key(p.name))]\n"
            out += "class = \(Self.quote(p.safetyClass.rawValue))\n"
            let fields: [(String, String?)] = [
                ("leeloo_url", p.leelooURL), ("leeloo_token", p.leelooToken), ("chattonic_url", p.chattonicURL),
                ("chattonic_codename", p.chattonicCodename), ("chattonic_token", p.chattonicToken),
                ("chattonic_app_token", p.chattonicAppToken),
            ]
            for (k, v) in fields { if let v { out += "\(k) = \(Self.quote(v))\n" } }
        }
        return out
    }

    /// Writes the config to `url` atomically with mode 0600, creating its directory with 0700.
    func save(to url: URL) throws(CRMError) {
        let dir = url.deletingLastPathComponent()
        let fm = FileManager.default
        do {
            if !fm.fileExists(atPath: dir.path) {
                try fm.createDirectory(
                    at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw CRMError("config.write", "Could not create the config directory '\(dir.path)'.", exit: .runtime)
        }
        let tmp = dir.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let bytes = Array(render().utf8)
        let fd = open(tmp.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw writeError(url) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 {
                close(fd)
                unlink(tmp.path)
                throw writeError(url)
            }
            written += n
        }
        fsync(fd)
        close(fd)
        guard rename(tmp.path, url.path) == 0 else {
            unlink(tmp.path)
            throw writeError(url)
        }
        chmod(url.path, 0o600)
    }

    private func writeError(_ url: URL) -> CRMError {
        CRMError(
            "config.write", "Could not write the config file '\(url.path)': \(String(cString: strerror(errno))).",
            exit: .runtime)
    }

    private static func invalid(_ message: String, key: String, text: String, path: String) -> CRMError {
        invalid(message, line: lineOf(key, in: text) ?? 1, path: path)
    }

    private static func invalid(_ message: String, line: Int, path: String) -> CRMError {
        CRMError(
            "config.invalid", "Invalid config file: \(message).", at: SourceLocation(file: path, line: line, column: 1))
    }

    /// The 1-based line where `needle` first occurs at or after line `from`.
    /// `[profiles.NAME]` (or `[profiles."NAME"]`) header lines by profile name, 1-based.
    static func profileHeaderLines(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("[profiles."), let close = t.lastIndex(of: "]") else { continue }
            var name = String(t[t.index(t.startIndex, offsetBy: 10)..<close]).trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") { name = String(name.dropFirst().dropLast()) }
            if out[name] == nil { out[name] = n }
        }
        return out
    }

    static func lineOf(_ needle: String, in text: String, from: Int = 1) -> Int? {
        var n = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            if n >= from, line.contains(needle) { return n }
        }
        return nil
    }

    /// A TOML key, quoted unless it is a bare key.
    static func key(_ s: String) -> String {
        let bare =
            !s.isEmpty
            && s.unicodeScalars.allSatisfy {
                ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_"
            }
        return bare ? s : quote(s)
    }

    /// A TOML basic string.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where u.value < 0x20 || u.value == 0x7F:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
