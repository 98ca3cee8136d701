import CRMBuiltins
import CRMCore

/// The numbers of `funnel`: how many leads reached each step of a group, counted from each lead's
/// `interaction.last` (a lead whose last step is step k reached steps 1…k).
struct FunnelSteps: Sendable {
    /// The steps in the group's order.
    let steps: [String]
    /// Leads whose last step is each step.
    private(set) var atStep: [Int]
    /// Leads whose last step is not one of `steps` (or missing), by that value.
    private(set) var unknown: [String: Int] = [:]
    private let position: [String: Int]

    init(steps: [String]) {
        self.steps = steps
        atStep = Array(repeating: 0, count: steps.count)
        var p: [String: Int] = [:]
        for (i, s) in steps.enumerated() where p[s] == nil { p[s] = i }
        position = p
    }

    /// Counts one lead record (`interaction.last`).
    mutating func add(_ lead: Value) {
        let last = lead[field: "interaction"]?[field: "last"]?.stringValue ?? lead[field: "last"]?.stringValue
        guard let last, let i = position[last] else {
            unknown[last ?? "(none)", default: 0] += 1
            return
        }
        atStep[i] += 1
    }

    /// Leads that reached each step: the leads whose last step is that one or a later one.
    var reached: [Int] {
        var out = atStep
        var running = 0
        for i in out.indices.reversed() {
            running += out[i]
            out[i] = running
        }
        return out
    }

    /// `{step, reached, of_first, of_previous}` per step; shares are fractions rounded to 4
    /// decimals, null when the step they divide by was reached by no lead.
    var records: [Value] {
        let r = reached
        return steps.indices.map { i in
            func share(_ n: Int, _ d: Int) -> Value {
                d == 0 ? .null : .double((Double(n) / Double(d) * 10_000).rounded() / 10_000)
            }
            return .record(
                Record([
                    ("step", .string(steps[i])), ("reached", .int(r[i])), ("of_first", share(r[i], r.first ?? 0)),
                    ("of_previous", i == 0 ? share(r[i], r[i]) : share(r[i], r[i - 1])),
                ]))
        }
    }

    /// The notice for leads whose last step is not in the group, or nil.
    var unknownNotice: String? {
        guard !unknown.isEmpty else { return nil }
        let parts = unknown.sorted { $0.key < $1.key }.map { "'\($0.key)' (\($0.value))" }
        return "\(unknown.values.reduce(0, +)) leads have a last step that is not in the group and are not counted: "
            + parts.joined(separator: ", ") + "."
    }

    /// Bars with `reached` beside them and both shares as percentages.
    func picture(_ drawing: ChartDrawing) -> [String] {
        let r = reached
        let rows = steps.indices.map { (label: steps[$0], value: Double(r[$0]), text: String(r[$0])) }
        let notes = records.map { rec -> String in
            func pct(_ v: Value?) -> String { v?.doubleValue.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }
            return "\(pct(rec[field: "of_first"])) of first, \(pct(rec[field: "of_previous"])) of previous"
        }
        return drawing.bars(rows, notes: notes)
    }
}
