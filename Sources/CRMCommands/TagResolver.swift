import CRMCore

/// Turns a tag given by name or id into the id the tag endpoints need (GET /api/v2/tags).
enum TagResolver {
    /// Whether `s` looks like a 24-hex Mongo ObjectId.
    static func isObjectID(_ s: String) -> Bool {
        s.utf8.count == 24
            && s.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }

    /// The id of tag `nameOrID`: an id is used as given; a name is looked up (exact, then
    /// case-insensitive). Unknown names are errors with "Did you mean".
    static func resolve(_ nameOrID: String, api: any APIService) async throws -> (id: String, name: String) {
        if isObjectID(nameOrID) { return (nameOrID, nameOrID) }
        let tags = try await fetch(api: api)
        if let hit = tags.first(where: { $0.name == nameOrID })
            ?? tags.first(where: { $0.name.lowercased() == nameOrID.lowercased() })
        {
            return hit
        }
        throw CRMError(
            "tag.unknown", "Unknown tag '\(nameOrID)'" + Suggestion.didYouMean(nameOrID, in: tags.map(\.name)),
            help: "List the tags with `tags`.", exit: .runtime)
    }

    /// Every tag as (id, name).
    static func fetch(api: any APIService) async throws -> [(id: String, name: String)] {
        let body = try await api.send(APIRequest(.leeloo, "GET", CommonFlags.v2("/tags")))
        return ResponseShape.dataItems.extract(body, args: Arguments()).listValue?.compactMap { tag in
            guard let id = tag[field: "id"]?.displayText else { return nil }
            return (id, tag[field: "name"]?.displayText ?? id)
        } ?? []
    }
}
