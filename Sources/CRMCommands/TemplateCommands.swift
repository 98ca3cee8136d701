import CRMCore

/// Leeloo v2 message templates: categories and the templates of one category (or of all).
enum TemplateCommands {
    static let group = "leeloo v2"

    static func commands() -> [Command] { [categories, templates] }

    static let categories = APICommand.make(
        CommandSpec(
            "categories", aliases: ["template-categories"], group: group, summary: "List message-template categories.",
            examples: ["categories # requests: 1"], endpoints: [CommonFlags.v2("GET", "/categories/templates")]),
        shape: .dataList("categories")
    ) { _, _, _ in APIRequest(.leeloo, "GET", CommonFlags.v2("/categories/templates")) }

    static let templates = APICommand.custom(
        CommandSpec(
            "templates", group: group,
            summary: "List the templates of a category, or of every category (with category_id) when none is given.",
            parameters: [
                ParameterSpec("category", .string, "Category id", optional: true, completion: .dynamic("categories"))
            ],
            examples: ["templates # requests: 4", "for c in (categories | first 1) | templates $c.id # requests: 2"],
            endpoints: [
                CommonFlags.v2("GET", "/categories/templates/{category_id}"),
                CommonFlags.v2("GET", "/categories/templates"),
            ])
    ) { args, _, ctx, api in
        if let category = args.string("category") {
            return try await APICommand.perform(
                request(category: category), shape: .dataList("templates"), args: args, ctx: ctx, api: api)
        }
        return .value(.list(try await all(api: api)))
    }

    static func request(category: String) -> APIRequest {
        APIRequest(.leeloo, "GET", CommonFlags.v2("/categories/templates/\(CommonFlags.segment(category))"))
    }

    /// Every template of every category, each with its `category_id` and `category` name added.
    static func all(api: any APIService) async throws -> [Value] {
        let body = try await api.send(APIRequest(.leeloo, "GET", CommonFlags.v2("/categories/templates")))
        var out: [Value] = []
        for category in ResponseShape.dataList("categories").extract(body, args: Arguments()).listValue ?? [] {
            guard let id = category[field: "id"]?.displayText else { continue }
            let page = try await api.send(request(category: id))
            for template in ResponseShape.dataList("templates").extract(page, args: Arguments()).listValue ?? [] {
                guard var r = template.recordValue else { continue }
                r["category_id"] = .string(id)
                r["category"] = category[field: "name"] ?? .null
                out.append(.record(r))
            }
        }
        return out
    }
}
