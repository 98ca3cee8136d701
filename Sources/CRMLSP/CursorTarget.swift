import CRMCore
import CRMLanguage

/// What the word under the cursor is, found from the document's outline (never by re-lexing):
/// the name of a call, a flag of a call, a variable, or the name in a definition. Hover and go to
/// definition both start here.
enum CursorTarget {
    case call(ScriptOutline.CallSite, LSPRange)
    case flag(name: String, of: ScriptOutline.CallSite, LSPRange)
    case variable(name: String, at: SourceLocation, LSPRange)
    case definition(ScriptOutline.Definition, LSPRange)

    /// The target at `position` in `open`, if any.
    static func find(_ position: LSPPosition, in open: OpenDocument) -> CursorTarget? {
        let doc = open.document
        let line = position.line + 1
        let outline = open.outline
        for call in outline.calls where call.location.line == line {
            for flag in call.flags where flag.location.line == line {
                let range = doc.wordRange(at: flag.location)
                if range.contains(position) { return .flag(name: flag.name, of: call, range) }
            }
            let range = doc.wordRange(at: call.location, words: call.nameWords)
            if range.contains(position) { return .call(call, range) }
        }
        for use in outline.variableUses where use.location.line == line {
            let range = doc.wordRange(at: use.location)
            if range.contains(position) { return .variable(name: use.name, at: use.location, range) }
        }
        for d in outline.definitions where d.location.line == line {
            let range = nameRange(of: d, in: doc)
            if range.contains(position) { return .definition(d, range) }
        }
        return nil
    }

    /// The range of a definition's name: after `def` for a function, the name itself for a
    /// variable (the parser locates a `def` at its keyword).
    static func nameRange(of d: ScriptOutline.Definition, in doc: TextDocument) -> LSPRange {
        if d.isParameter { return parameterRange(of: d, in: doc) }
        guard d.isFunction else { return doc.wordRange(at: d.location) }
        let chars = doc.line(d.location.line - 1)
        var i = max(0, d.location.column - 1)
        while i < chars.count, !chars[i].isWhitespace { i += 1 }  // `def`
        while i < chars.count, chars[i].isWhitespace { i += 1 }
        var loc = d.location
        loc.column = i + 1
        return doc.wordRange(at: loc)
    }

    /// A parameter's name in its `def` line: the whole word after the `(` (the parser keeps no
    /// location per parameter); the `def` keyword when it cannot be found.
    static func parameterRange(of d: ScriptOutline.Definition, in doc: TextDocument) -> LSPRange {
        let chars = doc.line(d.location.line - 1)
        let name = Array(d.name)
        guard let open = chars.firstIndex(of: "("), !name.isEmpty else { return doc.wordRange(at: d.location) }
        var i = open + 1
        while i + name.count <= chars.count {
            let isWord = !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_")
            let ends =
                i + name.count == chars.count || !(chars[i + name.count].isLetter || chars[i + name.count].isNumber)
            if isWord && ends && Array(chars[i..<i + name.count]) == name {
                var loc = d.location
                loc.column = i + 1
                return doc.wordRange(at: loc)
            }
            if chars[i] == ")" { break }
            i += 1
        }
        return doc.wordRange(at: d.location)
    }

    /// The definition a variable read at `location` refers to: a parameter of the `def` it is in,
    /// else the last one of that name before it, else the first one after it (a loop body reading
    /// a variable set later in the loop).
    static func definition(ofVariable name: String, at location: SourceLocation, in outline: ScriptOutline)
        -> ScriptOutline.Definition?
    {
        if let parameter = outline.definitions.last(where: {
            $0.name == name && $0.isParameter && $0.covers(line: location.line)
        }) {
            return parameter
        }
        let candidates = outline.definitions.filter { $0.name == name && !$0.isFunction && !$0.isParameter }
        let before = candidates.last {
            ($0.location.line, $0.location.column) <= (location.line, location.column)
        }
        return before ?? candidates.first
    }

    /// The `def` named `name`, if the document has one.
    static func function(named name: String, in outline: ScriptOutline) -> ScriptOutline.Definition? {
        outline.definitions.first { $0.name == name && $0.isFunction }
    }
}
