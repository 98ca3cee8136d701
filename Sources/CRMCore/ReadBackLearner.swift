import Foundation

/// Learns, within one run, what each template looks like once rendered, from sends known to have
/// succeeded, so read-back can tell this run's template message from other bot messages using only
/// the documented `text`.
///
/// After a send succeeded, its channel's window holds the rendered message. When that window holds
/// exactly one `BOT_MESSAGE`, it is that message: its text, with the target's known values (the
/// person's name, the send's variables) turned back into placeholders, is a candidate rendering. A
/// candidate is trusted once it reproduces, for a second target with a different name, exactly the
/// text that target received. Until then, and for targets whose values are unknown, a bot message in
/// an ambiguous send's window leaves that send undecidable.
public final class ReadBackLearner: @unchecked Sendable {  // SAFE: every mutable field is guarded by `lock`.
    struct Success {
        var readBack: ReadBack
        var since: Date
    }

    private let lock = NSLock()
    private var successes: [String: [Success]] = [:]
    struct Observation {
        var text: String
        var values: [String: String]
    }

    private var observations: [String: [Observation]] = [:]
    private var learned: [String: String] = [:]
    /// Reads spent learning a template; bounded so a run never spends more than a few.
    private var learningReads: [String: Int] = [:]
    /// How many learning reads one template may cost in a run.
    public static let maxLearningReads = 6
    /// How long an ambiguous send early in a run waits for the successes it needs to learn from.
    public static let learningWait: Duration = .seconds(3)

    /// A learner with nothing learned.
    public init() {}

    /// Notes a send that succeeded: a later ambiguous send of the same template may learn from it.
    public func noteSuccess(_ readBack: ReadBack?, since: Date) {
        guard let readBack, let template = readBack.templateID, readBack.variables["name"] != nil else { return }
        lock.withLock {
            guard learned[template] == nil, successes[template, default: []].count < Self.maxLearningReads else {
                return
            }
            successes[template, default: []].append(Success(readBack: readBack, since: since))
        }
    }

    /// The rendered text this target should have received, once the template is learned.
    public func expectedText(_ readBack: ReadBack) -> String? {
        guard let template = readBack.templateID else { return nil }
        guard let pattern = lock.withLock({ learned[template] }) else { return nil }
        return Self.render(pattern, readBack.variables)
    }

    /// Reads the channel back and answers for a send attempted at `since`, learning the template's
    /// rendering first when the answer depends on it. `fetch` sends one request.
    public func decide(
        _ readBack: ReadBack, since: Date, fetch: @Sendable (APIRequest) async throws -> Value
    ) async -> ReadBackAnswer {
        guard let messages = (try? await fetch(readBack.request))?[field: "data"] else {
            return .undecidable("the channel could not be read back")
        }
        let answer = readBack.decide(in: messages, since: since, expectedText: expectedText(readBack))
        guard case .undecidable = answer, let template = readBack.templateID, readBack.variables["name"] != nil,
            Self.window(messages, since: since, type: readBack.messageType) != nil
        else { return answer }
        await learnNow(template, fetch: fetch)
        guard let expected = expectedText(readBack) else { return answer }
        return readBack.decide(in: messages, since: since, expectedText: expected)
    }

    /// Learns `template`'s rendering now from the run's successes, waiting up to `learningWait`
    /// for the two it needs (at most `maxLearningReads` reads in all); true once it is known.
    /// With `within` seconds, keeps reading the successes whose sends were not listed yet (a
    /// listing lag) until then.
    @discardableResult
    public func learnNow(
        _ template: String, within: TimeInterval = 0, fetch: @Sendable (APIRequest) async throws -> Value
    ) async -> Bool {
        var waited = Duration.zero
        while waitsForSuccesses(template), waited < Self.learningWait {
            try? await Task.sleep(for: .milliseconds(50))
            waited += .milliseconds(50)
        }
        let start = Date()
        while true {
            await learn(template, fetch: fetch)
            if lock.withLock({ learned[template] != nil }) { return true }
            guard Date().timeIntervalSince(start) < within, lock.withLock({ !(successes[template] ?? []).isEmpty }),
                !Task.isCancelled
            else { return false }
            try? await Task.sleep(for: .milliseconds(200))
        }
    }

    /// The bot messages of a complete window, or nil when the page does not reach back far enough.
    static func window(_ messages: Value, since: Date, type: String) -> [Value]? {
        let w = ReadBack.window(messages, since: since)
        guard w.complete, w.unsure.isEmpty else { return nil }
        return w.inside.filter { $0[field: "type"]?.stringValue == type }
    }

    private func learn(_ template: String, fetch: @Sendable (APIRequest) async throws -> Value) async {
        var notListedYet: [Success] = []
        defer { putBack(template, notListedYet) }
        while let next = takeSuccess(template) {
            guard let messages = (try? await fetch(next.readBack.request))?[field: "data"],
                let bots = Self.window(messages, since: next.since, type: next.readBack.messageType)
            else { continue }
            if bots.isEmpty {
                // Not listed yet (or listed as another type): read again on a later try, at no
                // cost to the learning budget.
                notListedYet.append(next)
                continue
            }
            guard bots.count == 1, let text = bots[0][field: "text"]?.stringValue.map(ReadBack.normalized)
            else { continue }
            if observe(template, text: text, values: next.readBack.variables) { return }
        }
    }

    /// True while the template is unlearned and fewer than two observations could be made yet.
    private func waitsForSuccesses(_ template: String) -> Bool {
        lock.withLock {
            learned[template] == nil && learningReads[template, default: 0] < Self.maxLearningReads
                && successes[template, default: []].count + observations[template, default: []].count < 2
        }
    }

    /// Returns successes whose sends were not listed yet, for a later try.
    private func putBack(_ template: String, _ list: [Success]) {
        guard !list.isEmpty else { return }
        lock.withLock {
            learningReads[template, default: 0] -= list.count
            successes[template, default: []] += list
        }
    }

    private func takeSuccess(_ template: String) -> Success? {
        lock.withLock {
            guard learned[template] == nil, learningReads[template, default: 0] < Self.maxLearningReads,
                var list = successes[template], !list.isEmpty
            else { return nil }
            learningReads[template, default: 0] += 1
            let first = list.removeFirst()
            successes[template] = list
            return first
        }
    }

    /// Adds one observation; true once the template is learned.
    private func observe(_ template: String, text: String, values: [String: String]) -> Bool {
        lock.withLock {
            if learned[template] != nil { return true }
            let new = Observation(text: text, values: values)
            for other in observations[template, default: []] where other.values["name"] != values["name"] {
                for (a, b) in [(new, other), (other, new)] {
                    let pattern = Self.pattern(a.text, a.values)
                    // A text in which no value of the person was found is not learned: it could
                    // be an auto-reply that two channels happened to get alike, not the template.
                    guard pattern.contains(Self.mark) else { continue }
                    if Self.render(pattern, b.values).map(ReadBack.normalized) == b.text {
                        learned[template] = pattern
                        return true
                    }
                }
            }
            observations[template, default: []].append(new)
            return false
        }
    }

    private static let mark = "\u{1}"

    /// `text` with each known value turned back into a placeholder (longest values first).
    static func pattern(_ text: String, _ values: [String: String]) -> String {
        var out = text
        for (key, value) in values.sorted(by: { $0.value.count > $1.value.count }) where !value.isEmpty {
            out = out.replacingOccurrences(of: value, with: mark + key + mark)
        }
        return out
    }

    /// `pattern` with its placeholders filled from `values`; nil when one of them is unknown.
    static func render(_ pattern: String, _ values: [String: String]) -> String? {
        let parts = pattern.components(separatedBy: mark)
        var out = ""
        for (i, part) in parts.enumerated() {
            if i % 2 == 0 {
                out += part
            } else {
                guard let value = values[part] else { return nil }
                out += value
            }
        }
        return out
    }
}
