/// Why an attempt's worst case could not be reserved, so the attempt was not sent.
public enum ReservationFailure: Error, Sendable, Equatable {
    case budget(BudgetDenial)
    /// The ledger could not commit the reservation: spending unrecorded money is not an option.
    case ledger(String)

    public var message: String {
        switch self {
        case .budget(let denial): denial.message
        case .ledger(let reason): "The spend ledger could not record a reservation (\(reason)); the request was not sent."
        }
    }
}
