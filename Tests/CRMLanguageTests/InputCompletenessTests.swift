import CRMLanguage
import Testing

@Suite struct InputCompletenessTests {
    @Test(arguments: [
        "for x in range 1 3 {", "echo (1 +", "set p = [1,", "echo \"open", "echo 'open", "range 1 3 |", "echo a \\",
    ])
    func needsMore(_ text: String) {
        #expect(InputCompleteness.needsMoreInput(text))
    }

    @Test(arguments: [
        "echo hi", "for x in range 1 3 { echo $x }", "echo \"a { b\"", "set p = {a: 1}", "", "echo x # {",
        // a `${` left open is an error now, not more input: it never continues on the next line
        "echo ${x", "echo a${1 + 2}b",
    ])
    func complete(_ text: String) {
        #expect(!InputCompleteness.needsMoreInput(text))
    }
}
