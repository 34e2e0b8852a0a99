/// A refused admin request, with the status it is answered with.
struct AdminError: Error, Sendable {
    enum Kind: Sendable { case invalid, notFound, conflict, storage }
    var kind: Kind
    var message: String
    var param: String?
}
