import CRMCore

/// Words glued to variables: in a command argument, a run of tokens written without spaces that
/// holds a `$var` (with its field path) or a `${…}` is one word, interpolated: `abc$1` is `abc7`,
/// `--phone +38050999000$1` one argument, `report-${range 1 3 | count}.csv` one file name.
extension Parser {
    /// Token kinds a glued interpolated word is made of.
    static let spliceKinds: Set<TokenKind> = [.variable, .splice]

    /// Whether the token `k` ahead continues the glued run that ends at `k - 1`.
    func continuesGlue(_ k: Int) -> Bool {
        let t = peek(k)
        guard !t.spaceBefore, t.line == peek(k - 1).line,
            Self.glueKinds.contains(t.kind) || Self.spliceKinds.contains(t.kind)
        else { return false }
        if [.comma, .assign].contains(t.kind) {
            // A trailing comma or '=' belongs to the surrounding syntax, not the word.
            let n = peek(k + 1)
            return !n.spaceBefore && (Self.glueKinds.contains(n.kind) || Self.spliceKinds.contains(n.kind))
        }
        return true
    }

    /// The number of tokens after a variable at `k` that make its field path (`.name`, `[i]`).
    func pathLength(after k: Int) -> Int {
        var j = k + 1
        while true {
            if peek(j).kind == .dot, peek(j + 1).kind == .word {
                j += 2
            } else if peek(j).kind == .lbracket, !peek(j).spaceBefore {
                var depth = 0
                repeat {
                    if peek(j).kind == .lbracket { depth += 1 }
                    if peek(j).kind == .rbracket { depth -= 1 }
                    if peek(j).kind == .eof { return j - k - 1 }
                    j += 1
                } while depth > 0
            } else {
                return j - k - 1
            }
        }
    }

    /// Whether the argument at the cursor is a glued run of two or more pieces, one of them a
    /// variable or `${…}`.
    var isGluedInterpolation: Bool {
        let first = peek
        if !Self.spliceKinds.contains(first.kind) {
            guard Self.glueKinds.contains(first.kind), ![.comma, .assign, .minus, .dot].contains(first.kind) else {
                return false
            }
        }
        var pieces = 0
        var spliced = false
        var k = 0
        repeat {
            if Self.spliceKinds.contains(peek(k).kind) { spliced = true }
            if peek(k).kind == .variable { k += pathLength(after: k) }
            pieces += 1
            k += 1
        } while continuesGlue(k)
        return spliced && pieces > 1
    }

    /// Parses the glued run at the cursor (see `isGluedInterpolation`) into an interpolated string.
    mutating func gluedInterpolation() throws -> Expr {
        var parts: [InterpolationPart] = []
        repeat {
            let t = advance()
            switch t.kind {
            case .variable:
                parts.append(.expr(try postfix(.variable(VarRef(name: t.text, location: location(t))), start: t)))
            case .splice:
                for case .expression(let src, let l, let c) in t.parts {
                    parts.append(.expr(try splice(src, line: l, column: c, at: t)))
                }
            default:
                parts.append(.text(t.text))
            }
        } while continuesGlue(0)
        return .interpolated(parts)
    }
}
