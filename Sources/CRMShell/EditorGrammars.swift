import CRMCore
import CRMLanguage
import Foundation

/// The editor support files under `editors/`, generated from the language's keywords and the
/// command registry so they cannot fall behind either: a Vim syntax file and ftdetect, and a
/// TextMate grammar (VS Code, Sublime Text, and other editors that read `.tmLanguage.json`).
/// `EditorGrammarTests` fails when a checked-in file differs from what this generates
/// (`CRM_UPDATE_EDITORS=1` rewrites them).
enum EditorGrammars {
    /// Every word of every command name and alias (`people`, `get`, `send-template`, `to`, `json`…).
    static func commandWords(_ specs: [CommandSpec]) -> [String] {
        var words = Set<String>()
        for s in specs {
            for name in [s.name] + s.aliases {
                for w in name.split(separator: " ") where w.first?.isLetter == true { words.insert(String(w)) }
            }
        }
        return words.subtracting(LanguageKeywords.statement + LanguageKeywords.operators + LanguageKeywords.constants)
            .sorted()
    }

    /// The files, by path relative to the repository root.
    static func files(specs: [CommandSpec]) -> [(path: String, text: String)] {
        [
            ("editors/vim/syntax/crm.vim", vimSyntax(specs)),
            ("editors/vim/ftdetect/crm.vim", vimFtdetect),
            ("editors/crm.tmLanguage.json", textMate(specs)),
        ]
    }

    static let header = "Generated from crm's keywords and command registry (EditorGrammars.swift); do not edit."

    static let vimFtdetect = """
        " crm scripts: *.crm, or a first line '#!/usr/bin/env crm'. \(header)
        autocmd BufRead,BufNewFile *.crm setfiletype crm
        autocmd BufRead,BufNewFile * if getline(1) =~# '^#!.*\\<crm\\>' | setfiletype crm | endif

        """

    static func vimSyntax(_ specs: [CommandSpec]) -> String {
        var out = [
            "\" Vim syntax file. Language: crm scripts (.crm)",
            "\" \(header)",
            "if exists('b:current_syntax')", "  finish", "endif",
            "syn iskeyword @,48-57,_,192-255,-",
            "syn keyword crmKeyword " + LanguageKeywords.statement.joined(separator: " "),
            "syn keyword crmOperator " + LanguageKeywords.operators.joined(separator: " "),
            "syn keyword crmConstant " + LanguageKeywords.constants.joined(separator: " "),
        ]
        let words = commandWords(specs)
        for start in stride(from: 0, to: words.count, by: 10) {
            out.append("syn keyword crmCommand " + words[start..<min(start + 10, words.count)].joined(separator: " "))
        }
        out += [
            "syn match crmNumber '\\<\\d\\+\\(\\.\\d\\+\\)\\=\\>'",
            "syn match crmFlag '\\s\\zs--\\=[A-Za-z][A-Za-z0-9-]*'",
            "syn match crmVariable '\\$[A-Za-z_][A-Za-z0-9_]*'",
            "syn match crmVariable '\\$[0-9]'",
            "syn region crmInterpolation matchgroup=crmVariable start='\\${' end='}' contained",
            "syn region crmString start=+\"+ skip=+\\\\.+ end=+\"+ contains=crmVariable,crmInterpolation",
            "syn region crmString start=+'+ end=+'+",
            "syn match crmComment '#.*$' contains=@Spell",
            "hi def link crmKeyword Statement",
            "hi def link crmOperator Operator",
            "hi def link crmConstant Constant",
            "hi def link crmCommand Function",
            "hi def link crmNumber Number",
            "hi def link crmFlag Special",
            "hi def link crmVariable Identifier",
            "hi def link crmString String",
            "hi def link crmComment Comment",
            "let b:current_syntax = 'crm'",
        ]
        return out.joined(separator: "\n") + "\n"
    }

    /// `\b(a|b|c)\b` with `-` counted as a word character.
    static func wordsPattern(_ words: [String]) -> String {
        let alternatives = words.sorted { $0.count > $1.count }.map {
            NSRegularExpression.escapedPattern(for: $0)
        }
        return "(?<![\\w$-])(" + alternatives.joined(separator: "|") + ")(?![\\w-])"
    }

    static func textMate(_ specs: [CommandSpec]) -> String {
        let grammar: [String: Any] = [
            "name": "crm",
            "scopeName": "source.crm",
            "fileTypes": ["crm"],
            "firstLineMatch": "^#!.*\\bcrm\\b",
            "comment": header,
            "patterns": [
                "comment", "string-double", "string-single", "variable", "keyword", "operator", "constant",
                "command", "flag", "number",
            ].map { ["include": "#\($0)"] },
            "repository": [
                "comment": ["match": "#.*$", "name": "comment.line.number-sign.crm"],
                "string-double": [
                    "begin": "\"", "end": "\"", "name": "string.quoted.double.crm",
                    "patterns": [
                        ["match": "\\\\.", "name": "constant.character.escape.crm"],
                        ["begin": "\\$\\{", "end": "\\}", "name": "meta.interpolation.crm"],
                        ["include": "#variable"],
                    ],
                ],
                "string-single": ["begin": "'", "end": "'", "name": "string.quoted.single.crm"],
                "variable": ["match": "\\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9])", "name": "variable.other.crm"],
                "keyword": ["match": wordsPattern(LanguageKeywords.statement), "name": "keyword.control.crm"],
                "operator": ["match": wordsPattern(LanguageKeywords.operators), "name": "keyword.operator.word.crm"],
                "constant": ["match": wordsPattern(LanguageKeywords.constants), "name": "constant.language.crm"],
                "command": ["match": wordsPattern(commandWords(specs)), "name": "support.function.crm"],
                "flag": ["match": "(?<=\\s)--?[A-Za-z][A-Za-z0-9-]*", "name": "variable.parameter.flag.crm"],
                "number": ["match": "(?<![\\w.])-?\\d+(?:\\.\\d+)?(?![\\w.])", "name": "constant.numeric.crm"],
            ],
        ]
        let data =
            (try? JSONSerialization.data(
                withJSONObject: grammar, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
