import Foundation

/// Calendar time for budgets (periods end at instants people read) and rate-limit windows.
/// Tests inject one they can move forward.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
