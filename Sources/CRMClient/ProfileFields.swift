import CRMCore

/// Validation of the record `profile add NAME {…}` takes.
enum ProfileFields {
    /// The accepted keys, in the order they are listed in errors.
    static let keys = [
        "class", "leeloo_url", "leeloo_token", "chattonic_url", "codename", "chattonic_token", "app_token",
    ]

    /// A profile from `fields`; throws a usage error for an unknown key, class or a bad URL.
    static func profile(named name: String, from fields: Record) throws(CRMError) -> Profile {
        let nameOK =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
                    || $0 == "."
            }
        guard nameOK else {
            throw CRMError.usage("profile", "Invalid profile name '\(name)' (use letters, digits, '-', '_' and '.').")
        }
        var p = Profile(name: name, safetyClass: .prod)
        for (given, value) in fields {
            let key = given.replacingOccurrences(of: "-", with: "_")  // `--leeloo-url` and `leeloo_url` alike
            guard keys.contains(key) else {
                throw CRMError.usage(
                    "profile",
                    "Unknown profile field '\(key)'" + Suggestion.didYouMean(key, in: keys)
                        + " Fields: \(keys.joined(separator: ", ")).")
            }
            if value.isNull { continue }
            guard case .string(let s) = value else {
                throw CRMError.usage("profile", "Profile field '\(key)' must be a string, not \(value.typeName).")
            }
            switch key {
            case "class":
                guard let c = SafetyClass(rawValue: s.lowercased()) else {
                    throw CRMError.usage("profile", "Unknown class '\(s)' (expected demo, staging or prod).")
                }
                p.safetyClass = c
            case "leeloo_url": p.leelooURL = try url(s, key)
            case "chattonic_url": p.chattonicURL = try url(s, key)
            case "leeloo_token": p.leelooToken = s
            case "codename": p.chattonicCodename = s
            case "chattonic_token": p.chattonicToken = s
            default: p.chattonicAppToken = s
            }
        }
        try ProfileChecks.check(p, source: "'profile add'")
        return p
    }

    private static func url(_ s: String, _ key: String) throws(CRMError) -> String {
        if let problem = ProfileChecks.urlProblem(s) {
            throw CRMError.usage("profile", "Invalid \(key) '\(s)': \(problem).")
        }
        return s.hasSuffix("/") ? String(s.dropLast()) : s
    }
}
