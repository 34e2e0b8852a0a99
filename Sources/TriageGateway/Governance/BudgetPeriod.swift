import Foundation
import TriageSchema

/// The period of a budget that contains a given instant: periods of `duration` back to back
/// from `anchor`, or one endless period without a duration.
struct BudgetPeriod: Sendable, Equatable {
    var start: Date
    /// nil: the budget never resets.
    var end: Date?

    init(containing instant: Date, anchor: Date, duration: BudgetDuration?) {
        guard let duration else {
            self.start = .distantPast
            self.end = nil
            return
        }
        let length = Double(duration.seconds)
        let elapsed = instant.timeIntervalSince(anchor)
        let index = (elapsed / length).rounded(.down)
        start = anchor.addingTimeInterval(index * length)
        end = start.addingTimeInterval(length)
    }
}
