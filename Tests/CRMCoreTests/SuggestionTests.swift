import Testing

@testable import CRMCore

/// "Did you mean" for names people give (tags, templates).
@Suite("suggestions")
struct SuggestionTests {
    /// `send-template Welcome` said only "Unknown template" while "Welcome message" existed.
    @Test func aNameSuggestsTheNamesThatHoldTheWord() {
        let names = ["Welcome message", "VIP offer", "Reminder: lesson"]
        #expect(Suggestion.didYouMeanName("Welcome", in: names) == ". Did you mean 'Welcome message'?")
        #expect(Suggestion.didYouMeanName("VIP ofer", in: names) == ". Did you mean 'VIP offer'?")
        #expect(Suggestion.didYouMeanName("zzz", in: names) == ".")
        let many = ["Lesson one", "Lesson two", "Lesson three", "Lesson four"]
        #expect(
            Suggestion.didYouMeanName("lesson", in: many)
                == ". Did you mean one of 'Lesson one', 'Lesson two', 'Lesson three', …?")
    }
}
