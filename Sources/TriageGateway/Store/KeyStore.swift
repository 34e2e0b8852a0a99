/// Virtual keys and teams as the store keeps them: written through by the admin API (committed
/// before it answers), read into memory when the gateway starts.
protocol KeyStore: AnyObject, Sendable {
    func insert(_ key: VirtualKey) async throws(StoreError)
    /// Rewrites a key's row; false when there is none (deleted meanwhile).
    func update(_ key: VirtualKey) async throws(StoreError) -> Bool
    /// Deletes the keys with these tokens; returns the tokens that existed, in the order given.
    func deleteKeys(_ tokens: [String]) async throws(StoreError) -> [String]
    /// Every key, oldest first.
    func keys() async throws(StoreError) -> [VirtualKey]
    func insert(_ team: Team) async throws(StoreError)
    /// Every team, oldest first.
    func teams() async throws(StoreError) -> [Team]
}
