import CRMCore
import Foundation

/// Turns lines typed at the prompt into a `.crm` script that runs again unchanged, or with other
/// values: each variable given a literal with `set NAME = VALUE` becomes a parameter (`$1`, `$2`…
/// in order of first use) whose default is the value typed. `record stop` and `history save` both
/// write through here.
enum RecordedScript {
    /// A `set NAME = LITERAL` line: the name, the literal as typed, and whether it is text.
    struct Parameter: Equatable {
        let name: String
        let literal: String
        let isText: Bool
    }

    /// The script for `lines` with a header naming `how` it was made, the time and the profile.
    static func text(lines: [String], how: String, profile: String, date: Date = Date()) -> String {
        var params: [Parameter] = []
        var body: [String] = []
        for line in lines {
            if let p = parameter(line), !params.contains(where: { $0.name == p.name }) {
                params.append(p)
            } else {
                body.append(line)
            }
        }
        let stamp = ISO8601DateFormatter().string(from: date)
        var out = ["#!/usr/bin/env crm", "# \(how) with crm \(Shell.version) on \(stamp), profile \(profile)."]
        if !params.isEmpty {
            let usage = params.map { "[\($0.name)]" }.joined(separator: " ")
            out.append("# Run it again: crm FILE \(usage)   (the defaults are the values typed when recording)")
            for (i, p) in params.enumerated() {
                out.append("set \(p.name) = \(p.literal)")
                let arg = "$\(i + 1)"
                out.append("if \(arg) != null { set \(p.name) = \(p.isText ? arg : "(from json \(arg))") }")
            }
        }
        out.append("")
        out += body
        return out.joined(separator: "\n") + "\n"
    }

    /// Whether `line` is the argument override this file writes after a parameter
    /// (`if $1 != null { set n = … }`): machinery, not something that was typed.
    static func isArgumentOverride(_ line: String) -> Bool {
        guard line.hasPrefix("if $"), line.hasSuffix(" }") else { return false }
        let afterDollar = line.dropFirst(4)
        let digits = afterDollar.prefix { $0.isNumber }
        return !digits.isEmpty && afterDollar.dropFirst(digits.count).hasPrefix(" != null { set ")
    }

    /// The parameter a line declares: `set NAME = "text"`, `'text'`, a number, true or false.
    /// Interpolating strings and expressions are ordinary lines.
    static func parameter(_ line: String) -> Parameter? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("set "), let eq = t.firstIndex(of: "=") else { return nil }
        let name = t[t.index(t.startIndex, offsetBy: 4)..<eq].trimmingCharacters(in: .whitespaces)
        let value = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        guard let first = name.first, first.isLetter || first == "_",
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), name.allSatisfy(\.isASCII)
        else { return nil }
        if Int(value) != nil || Double(value) != nil || value == "true" || value == "false" {
            return Parameter(name: name, literal: value, isText: false)
        }
        guard value.count >= 2, let q = value.first, q == "\"" || q == "'", value.last == q else { return nil }
        let inner = value.dropFirst().dropLast()
        guard !inner.contains(q), !inner.contains("\\"), q == "'" || !inner.contains("$") else { return nil }
        return Parameter(name: name, literal: value, isText: true)
    }

    /// Whether a line belongs in a script: not the recording and history commands themselves.
    static func isScriptLine(_ line: String) -> Bool {
        let first = line.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init) ?? ""
        return !["record", "history", "exit"].contains(first) && !line.trimmingCharacters(in: .whitespaces).isEmpty
    }

    /// Writes `text` to `path` (mode 0600: a recording may hold customer data).
    static func write(_ text: String, to path: String) throws -> URL {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        guard
            FileManager.default.createFile(
                atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw CRMError("io.write", "Cannot write '\(path)'.")
        }
        return url
    }
}
