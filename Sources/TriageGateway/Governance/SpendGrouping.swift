/// How `GET /spend/report` groups the ledger.
enum SpendGrouping: String, Sendable, CaseIterable {
    case key, team, model, day
}
