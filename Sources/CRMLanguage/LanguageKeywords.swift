/// The language's reserved words, for tools outside the language (editor grammars, the man page).
public enum LanguageKeywords {
    /// Words that start or shape statements (`set`, `if`, `for`…), plus `in`, which the parser reads
    /// only after `for NAME`.
    public static var statement: [String] { (Keywords.statement.union(["in"])).sorted() }
    /// Words inside expressions: `and`, `or`, `not`.
    public static var operators: [String] { ["and", "or", "not"].filter(Keywords.expression.contains) }
    /// Literal words: `true`, `false`, `null`.
    public static var constants: [String] { Keywords.expression.subtracting(operators).sorted() }
}
