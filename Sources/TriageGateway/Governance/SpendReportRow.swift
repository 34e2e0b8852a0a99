/// One line of `GET /spend/report`: the spend of one key, team, model or day.
struct SpendReportRow: Sendable, Equatable {
    var group: String?
    var spendUSD: Double
    var requests: Int
    var promptTokens: Int
    var completionTokens: Int
}
