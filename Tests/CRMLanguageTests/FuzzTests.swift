import CRMBuiltins
import CRMCore
import CRMLanguage
import Foundation
import Testing

/// A small deterministic generator (SplitMix64), so a failing input can be reproduced from the seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A host that throws output away after a bounded look at it.
final class FuzzHost: InterpreterHost {
    var settings = Settings()
    var api: (any APIService)? { nil }
    var session: (any SessionContext)? { nil }
    var isInteractive: Bool { false }
    func emit(_ data: PipelineData) async throws { _ = try await data.collect(limit: 50) }
    func notice(_ text: String) {}
    func prompt(_ text: String, secret: Bool) async throws -> String? { nil }
    func readSource(_ path: String, relativeTo: String?) throws -> (text: String, name: String) {
        if path == "self.crm" { return ("echo sourced\nsource self.crm", path) }
        throw CRMError("source.missing", "Cannot read '\(path)': no such file.", exit: .usage)
    }
}

/// Random inputs must end in a value or a `CRMError`/`SyntaxErrors`/`ExitRequest`: never a crash,
/// a trap or a hang. Runs `CRM_FUZZ_COUNT` inputs (3,000 by default) from a fixed seed;
/// `scripts/fuzz.sh` runs a million in release mode.
@Suite struct FuzzTests {
    static let vocabulary = [
        "set", "let", "if", "else", "for", "in", "while", "def", "return", "break", "continue", "source", "exit",
        "and", "or", "not", "true", "false", "null", "echo", "range", "where", "each", "select", "first", "count",
        "sort-by", "get", "to", "json", "csv", "from", "uniq", "skip", "last", "sum", "f", "x", "age", "name",
        "$x", "$it", "$args", "$1", "$env", "$p.name", "$xs[0]", "$env.HOME", "=", "==", "!=", "<", "<=", ">", ">=",
        "+", "-", "*", "/", "%", "|", "{", "}", "(", ")", "[", "]", ",", ":", ";", "\n", ".", "--reverse",
        "--step=2", "-n", "\"hi $x ${x.y}\"", "'lit'", "\"", "'", "0", "1", "-1", "2.5", "1e308", "-0",
        "9223372036854775807", "99999999999999999999999", "{a: 1}", "[1, 2]", "self.crm", "${", "\\", "#",
        // assignment into paths, glued words, `${expr}`, where paths, CRLF
        "p.name", "xs[0]", "a.b[1].c", "abc$1", "x$p.name-", "${1 + 2}", "${range 1 3 | count}", "${x}",
        "\"${\"a\"}\"", "{\"$x\": 1}", "\r\n", "\r", "interaction.last", "accounts[0].from",
        "try", "catch", "$err", "$err.message", "$in", "30d", "45s", "2w", "250ms", "now", "today", "into", "int",
        "datetime", "duration", "format", "date", "\"%Y-%m-%d\"", "contains", "replace", "match", "length", "reject",
        "rename", "default", "count-by", "assert", "\"#\"", "'(\\d+)'", "--regex", "text", "\"2024-03-22\"",
    ]

    static let corpus = [
        "set n = 3\nfor i in range 1 $n { echo $i }",
        "set p = {name: \"Ann\", tags: [\"vip\"]}\necho $p.tags[0]",
        "def f(a) { return $a * 2 }\necho (f 4)",
        "range 1 5 | where $it > 2 | each { echo \"v $it\" } | count",
        "set xs = [{age: 1}, {age: 30}]\n$xs | where age >= 18 | sort-by age | first 1 | get age",
        "if 1 < 2 { echo a } else if 2 < 3 { echo b } else { echo c }",
        "for x in range 1 3 | echo \"item $x\"",
        "echo {a: 1} | to json | from json",
        "set p = {name: \"A\", xs: [1]}\nset p.name = \"B\"\nset p.xs[0] = 9\nset p.a.b = 1\necho $p",
        "set x = 7\necho abc$x +380$x ${1 + 2} \"${range 1 3 | count} ${$x * 2}\" {\"$x\": 1}",
        "set xs = [{a: {b: 1}}, {a: 2}]\n$xs | where a.b == 1 and c != d | count",
        "range 1 3 | each { if $it > 1 { $it | echo } else { 0 } }\r\necho done\r\n",
        "try { echo [1] | get x } catch { echo $err.message }",
        "set t = (now) - 30d\necho ($t < (now)) ($t - 1h) (2h * 3)",
        "\"2024-03-22T15:30:00Z\" | into datetime | format date \"%Y-%m-%d\"",
        "\"a-b\" | replace \"-\" \"+\" | match '(\\w)' | length",
        "echo (\"#\" * 3)\ndef f() { $in | length }\nrange 1 3 | f",
        "echo [{a: 1, b: 2}] | reject a | rename b c | default d 0 | count-by c",
    ]

    static func randomInput(_ g: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &g) {
        case 0...3:
            let n = Int.random(in: 1...30, using: &g)
            return (0..<n).map { _ in vocabulary.randomElement(using: &g) ?? "" }
                .joined(separator: Bool.random(using: &g) ? " " : "")
        case 4:
            let n = Int.random(in: 0...60, using: &g)
            return String(decoding: (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }, as: UTF8.self)
        case 5:
            let open = ["(", "{", "[", "if true { ", "each { ", "\"${", "echo ("].randomElement(using: &g) ?? "("
            return "echo " + String(repeating: open, count: Int.random(in: 100...10_000, using: &g))
        case 6:
            let digits = String(
                (0..<Int.random(in: 15...60, using: &g)).map { _ in Character(String(Int.random(in: 0...9, using: &g)))
                })
            return [
                "echo \(digits)", "echo (\(digits) * \(digits))", "set x = -\(digits)",
                "echo (9223372036854775807 + 1)",
                "echo (-9223372036854775807 - 2)", "echo (\(digits).5 / 0)", "echo $xs[\(digits)]",
            ].randomElement(using: &g) ?? ""
        case 7:
            return ["echo \"unterminated", "echo 'open", "echo \"a ${b", "set x = \"${\"", "echo \"\\", "echo \"$"]
                .randomElement(using: &g) ?? ""
        default:
            var chars = Array(corpus.randomElement(using: &g) ?? "")
            for _ in 0..<Int.random(in: 1...4, using: &g) where !chars.isEmpty {
                let i = Int.random(in: 0..<chars.count, using: &g)
                switch Int.random(in: 0..<3, using: &g) {
                case 0: chars.remove(at: i)
                case 1:
                    chars.insert(Character(vocabulary.randomElement(using: &g)?.first.map(String.init) ?? "x"), at: i)
                default: chars.insert(contentsOf: chars[i...].prefix(5), at: i)
                }
            }
            return String(chars)
        }
    }

    /// `range` clamped to at most 40 items, so random nested loops stay small.
    static let commands: CommandRegistry = {
        var registry = CommandRegistry(Builtins.commands())
        if let range = registry.command(named: "range") {
            registry.register([
                Command(range.spec) { args, input, ctx in
                    var a = args
                    let from = args.int("from") ?? 0
                    let to = args.int("to") ?? 0
                    if to > from, to - from > 40 { a.positional["to"] = .int(from + 40) }
                    if from > to, from - to > 40 { a.positional["to"] = .int(from - 40) }
                    return try await range.run(a, input, ctx)
                }
            ])
        }
        return registry
    }()

    /// `while` loops, and `for … range` with big bounds (the interpreter counts `range A B` in a
    /// `for` header itself, past the clamped command), are skipped to keep every run bounded.
    static func mayRunLong(_ input: String) -> Bool {
        if input.contains("while") { return true }
        guard input.contains("for"), input.contains("range") else { return false }
        var run = 0
        for c in input.unicodeScalars {
            run = ("0"..."9").contains(c) ? run + 1 : 0
            if run >= 3 { return true }
        }
        return false
    }

    @Test func randomInputsNeverCrash() async {
        let count = ProcessInfo.processInfo.environment["CRM_FUZZ_COUNT"].flatMap(Int.init) ?? 3_000
        var g = SeededGenerator(state: 0xC0FFEE)
        var ok = 0
        var syntax = 0
        var runtime = 0
        var exits = 0
        var skipped = 0
        var unexpected: [String] = []
        for _ in 0..<count {
            let input = Self.randomInput(&g)
            if Self.mayRunLong(input) {
                skipped += 1
                continue
            }
            // CRM_FUZZ_TRACE=FILE keeps the input being run in FILE, to name an input that hangs.
            if let trace = ProcessInfo.processInfo.environment["CRM_FUZZ_TRACE"] {
                try? input.write(toFile: trace, atomically: false, encoding: .utf8)
            }
            let interpreter = Interpreter(commands: Self.commands, host: FuzzHost())
            do {
                try await interpreter.run(input, file: "fuzz.crm")
                ok += 1
            } catch is SyntaxErrors {
                syntax += 1
            } catch is CRMError {
                runtime += 1
            } catch is ExitRequest {
                exits += 1
            } catch {
                unexpected.append("\(input.debugDescription): \(error)")
            }
        }
        print(
            "fuzz: \(count) inputs: \(ok) ran, \(syntax) syntax errors, \(runtime) runtime errors, \(exits) exits, \(skipped) skipped (may run long), \(unexpected.count) unexpected, 0 crashes"
        )
        #expect(unexpected.isEmpty, "\(unexpected.prefix(5))")
    }
}
