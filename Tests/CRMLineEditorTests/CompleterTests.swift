import CRMCore
import Testing

@testable import CRMLineEditor

@Suite("Completer: commands and keywords")
struct CompleterCommandTests {
    @Test func emptyLineOffersEveryCommandKeywordAndFunction() {
        let values = Fixtures.values("")
        for expected in ["people", "to", "where", "count", "set", "for", "greet", "st", "profile"] {
            #expect(values.contains(expected), "missing \(expected)")
        }
        #expect(!values.contains("people get"))
        #expect(values == values.sorted())
    }

    @Test func prefixNarrowsToOneCommandWithSpace() {
        let result = Fixtures.complete("cou")
        #expect(result.replaceFrom == 0)
        #expect(result.items == [CompletionItem(value: "count", appendsSpace: true)])
    }

    @Test func prefixSharedByCommandAndFunction() {
        #expect(Fixtures.values("peo") == ["people", "people-report"])
        #expect(Fixtures.complete("peo").commonPrefix == "people")
    }

    @Test func keywordsAndDefNames() {
        #expect(Fixtures.values("se") == ["send-template", "set"])
        #expect(Fixtures.values("gr") == ["greet"])
        #expect(Fixtures.values("ex") == ["exit"])
    }

    @Test(arguments: [
        ("people ", ["add-tag", "get"]),
        ("people g", ["get"]),
        ("to ", ["csv", "json", "ndjson"]),
        ("to n", ["ndjson"]),
        ("profile ", ["add", "set-token"]),
    ])
    func secondWordOfTwoWordCommands(line: String, expected: [String]) {
        #expect(Fixtures.values(line) == expected)
    }

    @Test func secondWordReplacesOnlyTheSecondWord() {
        let result = Fixtures.complete("people g")
        #expect(result.replaceFrom == 7)
        #expect(result.items.first?.appendsSpace == true)
    }

    /// Completion reads names by the language's rule (the longest of three, two, one words), so a
    /// three-word command gets its own flags, not those of its two-word prefix.
    @Test func threeWordNamesCompleteTheirOwnFlagsAndThirdWords() {
        #expect(Fixtures.values("v1 orders get --") == ["--include"])
        #expect(Fixtures.values("v1 orders --") == ["--limit"])
        #expect(Fixtures.values("v1 orders ") == ["get"])
        #expect(Fixtures.values("v1 ") == ["orders"])
    }

    @Test func unknownCommandOffersNothing() {
        #expect(Fixtures.values("frobnicate --").isEmpty)
        #expect(Fixtures.values("zz").isEmpty)
    }

    @Test func afterPipeIsACommandPosition() {
        #expect(Fixtures.values("people --tag vip | cou") == ["count"])
        #expect(Fixtures.values("people | to j") == ["json"])
        #expect(Fixtures.complete("people | to j").replaceFrom == 12)
    }

    @Test func insideBlockIsACommandPosition() {
        #expect(Fixtures.values("for x in range 1 5 { ech") == ["echo"])
        #expect(Fixtures.values("$people | each { ec") == ["echo"])
        #expect(Fixtures.values("if $n > 1 { echo a } else { cou") == ["count"])
        #expect(Fixtures.values("def f() { peo") == ["people", "people-report"])
    }

    @Test func afterForInIsACommandPosition() {
        #expect(Fixtures.values("for p in peo") == ["people", "people-report"])
        #expect(Fixtures.values("for p in people --t") == ["--tag"])
        #expect(Fixtures.values("for p ") == ["in"])
    }

    @Test func afterSetEqualsIsACommandPosition() {
        #expect(Fixtures.values("set xs = peo") == ["people", "people-report"])
        #expect(Fixtures.values("set p") == ["people", "person", "pet"])
    }

    @Test func statementSeparatorsStartNewCommands() {
        #expect(Fixtures.values("echo hi; cou") == ["count"])
        #expect(Fixtures.values("echo hi\ncou") == ["count"])
    }

    @Test func recordLiteralIsNotACommandPosition() {
        #expect(Fixtures.values("set p = {na").isEmpty)
        #expect(Fixtures.values("echo (1 + co").isEmpty)
    }

    @Test func commentsCompleteNothing() {
        #expect(Fixtures.values("echo hi # peo").isEmpty)
    }

    @Test func aliasesResolveToTheirCommand() {
        #expect(Fixtures.values("st tpl_w") == ["tpl_welcome"])
    }
}

@Suite("Completer: flags and values")
struct CompleterFlagTests {
    @Test func flagPrefix() {
        let result = Fixtures.complete("people --t")
        #expect(result.replaceFrom == 7)
        #expect(result.items == [CompletionItem(value: "--tag", appendsSpace: true)])
    }

    @Test func allFlagsInDeclarationOrder() {
        #expect(Fixtures.values("people --") == ["--tag", "--limit", "--output", "--verbose"])
        #expect(Fixtures.values("people -") == ["--tag", "--limit", "--output", "--verbose"])
    }

    @Test func usedFlagsAreSkippedUnlessRepeatable() {
        #expect(Fixtures.values("people --limit 3 --") == ["--tag", "--output", "--verbose"])
        #expect(Fixtures.values("people --tag vip --t") == ["--tag"])
    }

    @Test func shortFlagCompletesToLongName() {
        #expect(Fixtures.values("people -t") == ["--tag"])
    }

    @Test func flagsOfTwoWordCommand() {
        #expect(Fixtures.values("people get 101 --in") == ["--include"])
    }

    @Test func flagValuesFromWords() {
        #expect(Fixtures.values("people --output ") == ["json", "csv", "table"])
        #expect(Fixtures.values("people --output c") == ["csv"])
        #expect(Fixtures.complete("people --output c").replaceFrom == 16)
        #expect(Fixtures.values("people get 1 --include o") == ["orders"])
    }

    @Test func flagValuesAfterEquals() {
        let result = Fixtures.complete("people --output=j")
        #expect(result.replaceFrom == 16)
        #expect(result.items.map(\.value) == ["json"])
    }

    @Test func flagValuesFromDynamicSource() {
        #expect(Fixtures.values("people --tag v") == ["vip", "vip-2024"])
        #expect(Fixtures.values("people -t n") == ["new"])
        #expect(Fixtures.complete("people --tag vip-").items == [CompletionItem(value: "vip-2024", appendsSpace: true)])
    }

    @Test func dynamicValuesNeedingQuotesAreQuoted() {
        #expect(Fixtures.values("people --tag b") == ["\"big spender\""])
        #expect(Fixtures.values("people --tag \"bi") == ["\"big spender\""])
        #expect(Fixtures.values("people --tag 'bi") == ["'big spender'"])
    }

    @Test func boolFlagTakesNoValue() {
        // After a bool flag the next word is a positional again (people has none) or a flag.
        #expect(Fixtures.values("people --verbose ").isEmpty)
        #expect(Fixtures.values("people --verbose --l") == ["--limit"])
    }

    @Test func intFlagWithoutSourceOffersNothing() {
        #expect(Fixtures.values("people --limit ").isEmpty)
    }

    @Test func unknownFlagValueOffersNothing() {
        #expect(Fixtures.values("people --nope=x").isEmpty)
    }
}

@Suite("Completer: positionals")
struct CompleterPositionalTests {
    @Test func positionalFromDynamicSourceKeepsLabels() {
        let result = Fixtures.complete("people get ")
        #expect(result.replaceFrom == 11)
        #expect(
            result.items == [
                CompletionItem(value: "101", label: "101 — Ann Lee", appendsSpace: true),
                CompletionItem(value: "102", label: "102 — Bob Stone", appendsSpace: true),
            ])
        #expect(result.items.map(\.display) == ["101 — Ann Lee", "102 — Bob Stone"])
    }

    @Test func dynamicMatchesByLabelWhenNoValueMatches() {
        #expect(Fixtures.values("people get bob") == ["102"])
        #expect(Fixtures.values("send-template welc") == ["tpl_welcome"])
    }

    @Test func secondPositionalUsesItsOwnSource() {
        #expect(Fixtures.values("people add-tag 101 v") == ["vip", "vip-2024"])
        #expect(Fixtures.values("people add-tag 1") == ["101", "102"])
        #expect(Fixtures.values("people add-tag 101 vip -").isEmpty)
    }

    @Test func flagsAndTheirValuesDoNotCountAsPositionals() {
        #expect(Fixtures.values("people get --include orders 10") == ["101", "102"])
    }

    @Test func variadicParameterRepeats() {
        #expect(Fixtures.values("sort-by name a") == ["age"])
    }

    @Test func pathParameterCompletesFiles() {
        #expect(Fixtures.values("import s") == ["scripts/", "seed.json"])
        #expect(Fixtures.complete("import se").items == [CompletionItem(value: "seed.json", appendsSpace: true)])
    }

    @Test func pipelineInputCommandsGetTheirPositional() {
        #expect(Fixtures.values("people --tag vip | send-template tpl_") == ["tpl_welcome", "tpl_bye"])
    }

    @Test func cursorInTheMiddleOfTheLine() {
        let result = Fixtures.complete("people --t‸ | count")
        #expect(result.replaceFrom == 7)
        #expect(result.items.map(\.value) == ["--tag"])
        #expect(Fixtures.values("people | cou‸nt --x") == ["count"])
        #expect(Fixtures.values("peo‸ --tag vip") == ["people", "people-report"])
    }

    @Test func cursorOutOfRangeIsClamped() {
        let result = Completer.complete(line: "cou", cursor: 99, context: Fixtures.context)
        #expect(result.items.map(\.value) == ["count"])
        #expect(Completer.complete(line: "cou", cursor: -5, context: Fixtures.context).items.count > 3)
    }
}

@Suite("Completer: variables, fields and files")
struct CompleterVariableTests {
    @Test func variables() {
        let result = Fixtures.complete("echo $pe")
        #expect(result.replaceFrom == 5)
        #expect(
            result.items == [
                CompletionItem(value: "$people", appendsSpace: false),
                CompletionItem(value: "$person", appendsSpace: false),
                CompletionItem(value: "$pet", appendsSpace: false),
            ])
        #expect(Fixtures.values("$") == ["$n", "$people", "$person", "$pet"])
    }

    @Test func variablesAnywhere() {
        #expect(Fixtures.values("people --tag $pe") == ["$people", "$person", "$pet"])
        #expect(Fixtures.values("if $n") == ["$n"])
        #expect(Fixtures.values("set p = {name: $pe") == ["$people", "$person", "$pet"])
        #expect(Fixtures.values("echo ${pe") == ["${people}", "${person}", "${pet}"])
    }

    @Test func variablesInsideInterpolatedStrings() {
        let result = Fixtures.complete("echo \"hello $pe")
        #expect(result.replaceFrom == 12)
        #expect(result.items.map(\.value) == ["$people", "$person", "$pet"])
        #expect(Fixtures.values("echo 'hello $pe").isEmpty)
    }

    @Test func fieldsOfARecord() {
        let result = Fixtures.complete("echo $person.")
        #expect(result.replaceFrom == 13)
        #expect(result.items.map(\.value) == ["name", "age", "accounts"])
        #expect(Fixtures.values("echo $person.a") == ["age", "accounts"])
        #expect(result.items.allSatisfy { !$0.appendsSpace })
    }

    @Test func nestedFieldsThroughIndexes() {
        let result = Fixtures.complete("echo $person.accounts[0].")
        #expect(result.replaceFrom == 25)
        #expect(result.items.map(\.value) == ["account_id", "balance"])
        #expect(Fixtures.values("echo $person.accounts.b") == ["balance"])
        #expect(Fixtures.values("echo \"${person.accounts[0].acc") == ["account_id"])
    }

    @Test func fieldsOfAListOfRecords() {
        #expect(Fixtures.values("echo $people.") == ["name", "age"])
        #expect(Fixtures.values("echo $people[1].n") == ["name"])
    }

    @Test func fieldsOfScalarsOrUnknownVariablesAreEmpty() {
        #expect(Fixtures.values("echo $pet.").isEmpty)
        #expect(Fixtures.values("echo $nope.x").isEmpty)
        #expect(Fixtures.values("echo $person.name.x").isEmpty)
    }

    @Test func filesAfterSourceAndRun() {
        #expect(Fixtures.values("source ") == ["\"notes dir/", "scripts/", "seed.json"])
        #expect(Fixtures.values("source scripts/") == ["scripts/daily.crm", "scripts/vip.crm"])
        #expect(Fixtures.values("run scripts/v") == ["scripts/vip.crm"])
        #expect(Fixtures.values("source seed.json ").isEmpty)
        let quoted = Fixtures.complete("source \"notes dir/")
        #expect(quoted.replaceFrom == 7)
        #expect(quoted.items.map(\.value) == ["\"notes dir/a b.txt\""])
    }

    @Test func filesShowBaseNamesAndDirectoriesTakeNoSpace() {
        let result = Fixtures.complete("source scripts/")
        #expect(result.items.map(\.display) == ["daily.crm", "vip.crm"])
        #expect(result.items.allSatisfy { $0.appendsSpace })
        #expect(Fixtures.complete("source scr").items == [CompletionItem(value: "scripts/", appendsSpace: false)])
    }

    @Test func defaultFileListerReadsTheFileSystem() throws {
        let dir = FileManagerTemp.make()
        defer { FileManagerTemp.remove(dir) }
        try "x".write(toFile: dir + "/alpha.crm", atomically: true, encoding: .utf8)
        try "x".write(toFile: dir + "/.hidden", atomically: true, encoding: .utf8)
        try FileManagerTemp.mkdir(dir + "/beta")
        #expect(FileCompleter.listFiles(dir + "/") == [dir + "/alpha.crm", dir + "/beta/"])
        #expect(FileCompleter.listFiles(dir + "/a") == [dir + "/alpha.crm"])
        #expect(FileCompleter.listFiles(dir + "/.h") == [dir + "/.hidden"])
        #expect(FileCompleter.listFiles(dir + "/missing/x").isEmpty)
        #expect(FileCompleter.listFiles("~") == ["~/"])
    }
}

@Suite("Completer: candidate layout and robustness")
struct CompleterLayoutTests {
    @Test func commonPrefix() {
        #expect(Fixtures.complete("people --tag v").commonPrefix == "vip")
        #expect(CompletionResult(replaceFrom: 0, items: []).commonPrefix == "")
    }

    @Test func columnsGoDownThenAcross() {
        let items = ["a", "b", "c", "d", "e"].map { CompletionItem(value: $0) }
        #expect(CompletionList.lines(for: items, width: 20) == ["a  b  c  d  e"])
        let wide = (1...6).map { CompletionItem(value: String(repeating: "x", count: 8) + "\($0)") }
        #expect(
            CompletionList.lines(for: wide, width: 24) == [
                "xxxxxxxx1  xxxxxxxx4", "xxxxxxxx2  xxxxxxxx5", "xxxxxxxx3  xxxxxxxx6",
            ])
    }

    @Test func columnsUseLabelsAndCapLongLists() {
        let labelled = [CompletionItem(value: "1", label: "1 — Ann")]
        #expect(CompletionList.lines(for: labelled, width: 80) == ["1 — Ann"])
        let many = (0..<250).map { CompletionItem(value: "v\($0)") }
        let lines = CompletionList.lines(for: many, width: 80)
        #expect(lines.last == "… and 50 more")
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test(arguments: [
        "\"unterminated", "{{{{ {", "}}} ) ) |", "for", "set", "set x", "people --tag \"a\\", "$", "${", "$.",
        "echo $person..", "echo $person[", "echo $person[\"x", "echo \"$", "\n\n|", "people ‸", "--", "'", "#",
    ])
    func oddInputNeverCrashes(line: String) {
        _ = Fixtures.complete(line)
        for cursor in 0...line.count {
            _ = Completer.complete(line: line, cursor: cursor, context: Fixtures.context)
        }
    }
}
