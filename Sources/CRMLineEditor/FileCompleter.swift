import Foundation

/// Completes file paths (`source`, `run`, `.files` sources) through `CompletionContext.listFiles`.
public enum FileCompleter {
    static func complete(_ partial: CompletionWord, context: CompletionContext) -> CompletionResult {
        let paths = context.listFiles(partial.value).sorted()
        let items = paths.map { path in
            let isDirectory = path.hasSuffix("/")
            let trimmed = isDirectory ? String(path.dropLast()) : path
            let base = trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? trimmed
            let label = base + (isDirectory ? "/" : "")
            var value = WordCompleter.quoted(path, like: partial)
            // A quoted directory stays open so the next Tab continues inside it.
            if isDirectory, value != path, let last = value.last, last == "\"" || last == "'" { value.removeLast() }
            return CompletionItem(value: value, label: label == path ? nil : label, appendsSpace: !isDirectory)
        }
        return CompletionResult(replaceFrom: partial.start, items: items)
    }

    /// The default lister: entries of the prefix's directory whose names start with its last part,
    /// directories with a trailing `/`; hidden files only when the typed name starts with `.`.
    /// `~/` is expanded for the lookup and kept in the results.
    public static func listFiles(_ prefix: String) -> [String] {
        if prefix == "~" { return ["~/"] }
        let dirPart: String
        let namePart: String
        if let slash = prefix.lastIndex(of: "/") {
            dirPart = String(prefix[...slash])
            namePart = String(prefix[prefix.index(after: slash)...])
        } else {
            dirPart = ""
            namePart = prefix
        }
        var lookup = dirPart.isEmpty ? "." : dirPart
        if lookup.hasPrefix("~/") {
            lookup = NSHomeDirectory() + lookup.dropFirst()
        }
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: lookup) else { return [] }
        var out: [String] = []
        for name in names.sorted() where name.hasPrefix(namePart) {
            if name.hasPrefix(".") && !namePart.hasPrefix(".") { continue }
            var isDir: ObjCBool = false
            let full = (lookup as NSString).appendingPathComponent(name)
            _ = fm.fileExists(atPath: full, isDirectory: &isDir)
            out.append(dirPart + name + (isDir.boolValue ? "/" : ""))
        }
        return out
    }
}
