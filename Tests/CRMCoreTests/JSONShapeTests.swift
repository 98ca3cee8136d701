import Testing

@testable import CRMCore

@Suite struct JSONShapeTests {
    func diff(_ expected: String, _ actual: String, maps: Set<String> = []) throws -> [String] {
        let e = JSONShape.of(try Value.parseJSON(expected), maps: maps)
        return e.differences(from: JSONShape.of(try Value.parseJSON(actual), maps: maps)).map(\.description)
    }

    @Test func sameKeysAndTypesMatchWhateverTheValues() throws {
        #expect(
            try diff(#"{"a":1,"b":"x","c":[{"d":true}]}"#, #"{"b":"y","a":2.5,"c":[{"d":false},{"d":true}]}"#) == [])
    }

    @Test func missingExtraAndTypeDifferencesAreNamedByPath() throws {
        let d = try diff(
            #"{"data":[{"id":"a","name":"n","tags":[]}],"status":1}"#,
            #"{"data":[{"id":7,"fullName":"n","tags":[]}],"status":1}"#)
        #expect(
            d == [
                "data[].id: number instead of string", "data[].name: missing (string)",
                "data[].fullName: extra (string)",
            ])
    }

    @Test func keysOnlySomeElementsHaveAreOptional() throws {
        let expected = #"[{"id":"a"},{"id":"b","links":{"x":1}}]"#
        #expect(try diff(expected, #"[{"id":"c"}]"#) == [])
        #expect(try diff(expected, #"[{"id":"c","links":{"x":"s"}}]"#) == ["[].links.x: string instead of number"])
        // A required key that only some answer elements have is missing.
        #expect(try diff(#"[{"id":"a","n":1}]"#, #"[{"id":"a","n":1},{"id":"b"}]"#) == ["[].n: missing (number)"])
    }

    @Test func nullInAnAnswerIsATypeOfItsOwn() throws {
        #expect(
            try diff(#"{"a":"x","b":[1]}"#, #"{"a":null,"b":null}"#) == [
                "a: null instead of string", "b: null instead of array",
            ])
        #expect(try diff(#"{"data":[]}"#, "null") == ["(top): null instead of object"])
        // Null in some elements of an array and a string in others is a string that may be null.
        #expect(try diff(#"[{"e":"x"}]"#, #"[{"e":null},{"e":"y"}]"#) == [])
    }

    @Test func emptyArraysNullAndMapsAreLenient() throws {
        #expect(try diff(#"{"a":[{"x":1}],"b":null}"#, #"{"a":[],"b":{"y":2}}"#) == [])
        #expect(try diff(#"{"m":{"k1":{"v":1}}}"#, #"{"m":{"other":{"v":2},"more":{"v":3}}}"#, maps: ["m"]) == [])
        #expect(
            try diff(#"{"m":{"k1":{"v":1}}}"#, #"{"m":{"k":{"w":2}}}"#, maps: ["m"]) == [
                "m.*.v: missing (number)", "m.*.w: extra (number)",
            ])
    }

    @Test func looseExamplePathsAreLeftOut() throws {
        let example = try #require(ContractExample.named("v2-people"))
        let answer = try Value.parseJSON(
            #"{"status":1,"data":[{"id":"1","name":"n","email":"e","phone":"p","tags":[],"accounts":[],"#
                + #""lastMessageTime":"t","createdAt":"c"}],"meta":{"totalCount":1,"filteredCount":1,"limit":1,"offset":0}}"#
        )
        #expect(example.differences(answer).isEmpty)
    }
}
