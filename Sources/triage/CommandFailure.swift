/// A failure found while a command runs (not a usage mistake), printed as its message alone.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
