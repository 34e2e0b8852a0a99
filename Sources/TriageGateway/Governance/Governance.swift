import Foundation
import Synchronization
import TriageSchema

/// Virtual keys, teams, budgets, rate limits and the spend ledger: who may call what, and
/// how much of it. Keys and teams are cached in memory (every request reads them) and written
/// through to the store (every change is committed before the admin API answers).
public final class Governance: Sendable {
    let store: any GovernanceStore
    let writer: any LedgerCommitting
    let ledger: any BudgetAccounting
    let limiter: any RateLimiting
    public let clock: any WallClock
    /// Keys by token, teams by id, and regenerated keys' secret digests (current and in grace) by token.
    private let directory = Mutex<(keys: [String: VirtualKey], teams: [String: Team], secrets: [String: String])>(([:], [:], [:]))
    private let settings = Mutex(GovernanceSettings())
    /// One admin change at a time: an update must not resurrect a key deleted meanwhile.
    private let adminLock = AsyncLock()
    /// Requests settled at their worst case on start because a crash left them reserved.
    public let recoveredRequests: Int
    /// With a shared store: the loop that beats this replica's heartbeat, recovers dead
    /// replicas and reads other replicas' key and team changes (`SharedStateRefresh`).
    private let refresh = Mutex<Task<Void, Never>?>(nil)

    /// Reads keys and teams from `store` and settles what a crash left reserved.
    init(store: any GovernanceStore, clock: any WallClock = SystemWallClock()) async throws(StoreError) {
        self.store = store
        self.clock = clock
        let localLedger = BudgetLedger { scope, start in
            // A read error counts nothing spent here; the store's own errors surface on writes.
            (try? await store.spent(scope, since: start)) ?? 0
        }
        let shared = store as? any SharedGovernanceStore
        if let shared {
            // A shared store's writer holds no thread: made first, the counters need it.
            let writer = store.makeLedgerCommitter()
            self.writer = writer
            ledger = SharedBudgetLedger(store: shared, writer: writer)
            limiter = SharedUsageLimiter(store: shared, writer: writer)
            recoveredRequests = try await store.recoverOpenReservations(at: clock.now())
            try await shared.heartbeat()
        } else {
            ledger = localLedger
            limiter = UsageLimiter()
            recoveredRequests = try await store.recoverOpenReservations(at: clock.now())
            let keys = try await store.keys()
            let teams = try await store.teams()
            // Last: the SQLite writer's thread runs until `close()` (or deinit) stops it.
            writer = store.makeLedgerCommitter()
            await load(keys: keys, teams: teams)
            return
        }
        let keys = try await store.keys()
        let teams = try await store.teams()
        await load(keys: keys, teams: teams)
        refresh.withLock { $0 = SharedStateRefresh.start(for: self, store: shared!) }
    }

    /// Replaces the cached keys and teams, and their budgets.
    func load(keys: [VirtualKey], teams: [Team]) async {
        let (oldKeys, oldTeams) = directory.withLock { d in
            defer {
                d.keys = Dictionary(keys.map { ($0.token, $0) }, uniquingKeysWith: { a, _ in a })
                d.teams = Dictionary(teams.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                d.secrets = [:]
                for key in keys { Self.index(key, in: &d.secrets) }
            }
            return (d.keys, d.teams)
        }
        let now = clock.now()
        for key in keys where oldKeys[key.token].map({ $0.budget != key.budget || $0.budgetAnchor != key.budgetAnchor }) ?? true {
            await ledger.setBudget(key.budget, anchor: key.budgetAnchor, for: .key(key.token), now: now)
        }
        for team in teams where oldTeams[team.id].map({ $0.budget != team.budget || $0.budgetAnchor != team.budgetAnchor }) ?? true {
            await ledger.setBudget(team.budget, anchor: team.budgetAnchor, for: .team(team.id), now: now)
        }
        let liveKeys = Set(keys.map(\.token))
        for token in oldKeys.keys where !liveKeys.contains(token) {
            await ledger.setBudget(nil, anchor: .distantPast, for: .key(token), now: now)
        }
    }

    /// Over the store the config named (`GatewayStores.open`).
    public convenience init(stores: GatewayStores, clock: any WallClock = SystemWallClock()) async throws(StoreError) {
        try await self.init(store: stores.governance, clock: clock)
    }

    /// Over an SQLite file at `path` of its own (`:memory:` keeps nothing across restarts).
    public convenience init(path: String, clock: any WallClock = SystemWallClock()) async throws(StoreError) {
        let store: SQLiteGovernanceStore
        do throws(SQLiteError) {
            store = try SQLiteGovernanceStore(path: path)
        } catch {
            throw StoreError(error)
        }
        try await self.init(store: store, clock: clock)
    }

    deinit {
        // Without a `close()`: what is queued still commits, and the SQLite writer's thread ends.
        let writer = self.writer
        refresh.withLock { $0?.cancel() }
        Task { await writer.close() }
    }

    /// Commits the ledger writes still queued (shutdown), then leaves the replicas.
    public func close() async {
        let loop = refresh.withLock { task in
            defer { task = nil }
            return task
        }
        loop?.cancel()
        await loop?.value
        await writer.close()
        if let shared = store as? any SharedGovernanceStore { await shared.deregister() }
    }

    /// The config's gateway and model budgets; periods of config budgets count from the Unix
    /// epoch, so `1d` resets at midnight UTC.
    public func apply(_ config: GatewayConfig) async {
        let previous = settings.withLock { s in
            defer { s = config.governance }
            return s
        }
        let now = clock.now()
        let epoch = Date(timeIntervalSince1970: 0)
        (limiter as? UsageLimiter)?.window = Self.seconds(config.governance.rateLimitWindow)
        if let shared = limiter as? SharedUsageLimiter {
            shared.local.window = Self.seconds(config.governance.rateLimitWindow)
            shared.setOutageMode(config.governance.rateLimitsWhenStoreDown)
        }
        (ledger as? SharedBudgetLedger)?.setOutageMode(config.governance.budgetsWhenStoreDown)
        await ledger.setBudget(config.governance.budget, anchor: epoch, for: .proxy, now: now)
        for gone in previous.modelBudgets where config.governance.budget(forModel: gone.model) == nil {
            await ledger.setBudget(nil, anchor: epoch, for: .model(gone.model), now: now)
        }
        for entry in config.governance.modelBudgets {
            await ledger.setBudget(entry.budget, anchor: epoch, for: .model(entry.model), now: now)
        }
    }

    private static func seconds(_ d: Duration) -> TimeInterval {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// Whether the shared store answers (always true for an SQLite one).
    public var storeReachable: Bool {
        (store as? any SharedGovernanceStore)?.isReachable ?? true
    }

    // MARK: Authentication

    /// The key whose secret this is, if any, found by the secret's SHA-256 digest. No secret
    /// is ever compared: a lookup's timing can depend only on the digest of the guess, which
    /// says nothing about any stored key (the master key, kept as a secret, is compared in
    /// constant time instead).
    public func key(forSecret secret: Substring) -> VirtualKey? {
        guard secret.hasPrefix(KeySecret.prefix) else { return nil }
        return key(withDigest: KeySecret.token(of: String(secret)))
    }

    /// The key a secret with this digest opens now: its current secret, or a previous one in
    /// its grace period.
    private func key(withDigest digest: String) -> VirtualKey? {
        let now = clock.now()
        return directory.withLock { d in
            if let key = d.keys[digest], key.accepts(digest: digest, at: now) { return key }
            if let token = d.secrets[digest], let key = d.keys[token], key.accepts(digest: digest, at: now) { return key }
            return nil
        }
    }

    /// Regenerated keys answer to digests other than their token.
    private static func index(_ key: VirtualKey, in secrets: inout [String: String]) {
        if let digest = key.secretDigest { secrets[digest] = key.token }
        if let previous = key.previousDigest { secrets[previous] = key.token }
    }

    /// The digest a key's secret is stored as (64 hex digits of SHA-256).
    public static func token(of secret: String) -> String {
        KeySecret.token(of: secret)
    }

    public func team(_ id: String?) -> Team? {
        guard let id else { return nil }
        return directory.withLock { $0.teams[id] }
    }

    /// A key named by its secret or its token.
    func findKey(_ reference: String) -> VirtualKey? {
        if reference.hasPrefix(KeySecret.prefix) { return key(withDigest: KeySecret.token(of: reference)) }
        return directory.withLock { $0.keys[reference] }
    }

    var keys: [VirtualKey] { directory.withLock { $0.keys.values.sorted { ($0.createdAt, $0.token) < ($1.createdAt, $1.token) } } }
    var teams: [Team] { directory.withLock { $0.teams.values.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } } }

    /// A budget's spend and reservations in its current period.
    func budgetState(_ scope: GovernanceScope) -> BudgetLedger.ScopeState? {
        ledger.state(of: scope, now: clock.now())
    }

    /// Reads a budget's counter again from a shared store (other replicas spend too); nothing
    /// to do for budgets counted in memory.
    func refreshBudget(_ scope: GovernanceScope) async {
        await (ledger as? SharedBudgetLedger)?.refresh([scope], now: clock.now())
    }

    // MARK: Admin

    /// Creates a key; returns its secret (never stored) and its record.
    func generate(_ request: KeyGenerateRequest) async throws(AdminError) -> (secret: String, key: VirtualKey) {
        try await adminLock.withLock { () async throws(AdminError) in try await generateLocked(request) }
    }

    private func generateLocked(_ request: KeyGenerateRequest) async throws(AdminError) -> (secret: String, key: VirtualKey) {
        if let teamID = request.teamID, team(teamID) == nil {
            throw AdminError(kind: .invalid, message: "No team '\(teamID)': create it with POST /team/new first.", param: "team_id")
        }
        let now = clock.now()
        let secret = KeySecret.generate()
        let p = request.settings
        let key = VirtualKey(
            token: KeySecret.token(of: secret), preview: KeySecret.preview(of: secret), alias: p.alias ?? nil, teamID: request.teamID,
            models: p.models ?? [], budget: Self.budget(p.maxBudgetUSD ?? nil, p.budgetDuration ?? nil), budgetAnchor: now,
            limits: UsageLimits(rpm: p.rpm ?? nil, tpm: p.tpm ?? nil, maxParallelRequests: p.maxParallelRequests ?? nil),
            expiresAt: request.expiresIn.map { now.addingTimeInterval(Double($0.seconds)) }, metadata: p.metadata ?? JSONObject(),
            createdAt: now)
        try await write { () async throws(StoreError) in try await store.insert(key) }
        directory.withLock { $0.keys[key.token] = key }
        await ledger.setBudget(key.budget, anchor: key.budgetAnchor, for: .key(key.token), now: now)
        return (secret, key)
    }

    func update(_ request: KeyUpdateRequest) async throws(AdminError) -> VirtualKey {
        try await adminLock.withLock { () async throws(AdminError) in try await updateLocked(request) }
    }

    private func updateLocked(_ request: KeyUpdateRequest) async throws(AdminError) -> VirtualKey {
        guard var key = findKey(request.key) else {
            throw AdminError(kind: .notFound, message: "No such key.", param: "key")
        }
        if case let .some(.some(teamID)) = request.teamID, team(teamID) == nil {
            throw AdminError(kind: .invalid, message: "No team '\(teamID)': create it with POST /team/new first.", param: "team_id")
        }
        let now = clock.now()
        let p = request.settings
        if let alias = p.alias { key.alias = alias }
        if let models = p.models { key.models = models }
        if let teamID = request.teamID { key.teamID = teamID }
        if let rpm = p.rpm { key.limits.rpm = rpm }
        if let tpm = p.tpm { key.limits.tpm = tpm }
        if let parallel = p.maxParallelRequests { key.limits.maxParallelRequests = parallel }
        if let metadata = p.metadata { key.metadata = metadata }
        if let expiry = request.expiresIn { key.expiresAt = expiry.map { now.addingTimeInterval(Double($0.seconds)) } }
        if p.maxBudgetUSD != nil || p.budgetDuration != nil {
            let cap = p.maxBudgetUSD ?? key.budget?.maxUSD
            let duration = p.budgetDuration ?? key.budget?.duration
            if duration != key.budget?.duration { key.budgetAnchor = now }  // a new period length starts now
            key.budget = Self.budget(cap, duration)
            if key.budget == nil, p.maxBudgetUSD == nil, p.budgetDuration != nil {
                throw AdminError(kind: .invalid, message: "budget_duration needs max_budget beside it.", param: "budget_duration")
            }
        }
        let updated = key
        guard try await write({ () async throws(StoreError) in try await store.update(updated) }) else {
            throw AdminError(kind: .notFound, message: "No such key.", param: "key")
        }
        directory.withLock { d in
            d.keys[updated.token] = updated
            Self.index(updated, in: &d.secrets)
        }
        await ledger.setBudget(updated.budget, anchor: updated.budgetAnchor, for: .key(updated.token), now: now)
        return updated
    }

    /// A new secret for a key, which keeps its token and with it everything else; the previous
    /// secret keeps working for `gracePeriod` (none: it stops now).
    func regenerate(_ request: KeyRegenerateRequest) async throws(AdminError) -> (secret: String, key: VirtualKey) {
        try await adminLock.withLock { () async throws(AdminError) in
            guard var key = findKey(request.key) else {
                throw AdminError(kind: .notFound, message: "No such key (or its secret no longer works).", param: "key")
            }
            let now = clock.now()
            let secret = KeySecret.generate()
            let grace = request.gracePeriod.map { Double($0.seconds) } ?? 0
            key.previousDigest = grace > 0 ? key.currentDigest : nil
            key.previousValidUntil = grace > 0 ? now.addingTimeInterval(grace) : nil
            key.secretDigest = KeySecret.token(of: secret)
            key.preview = KeySecret.preview(of: secret)
            let updated = key
            guard try await write({ () async throws(StoreError) in try await store.update(updated) }) else {
                throw AdminError(kind: .notFound, message: "No such key.", param: "key")
            }
            directory.withLock { d in
                d.keys[updated.token] = updated
                Self.index(updated, in: &d.secrets)
            }
            return (secret, updated)
        }
    }

    /// Deletes keys named by secret or token; returns the tokens deleted. The ledger keeps
    /// their history.
    func delete(_ references: [String]) async throws(AdminError) -> [String] {
        try await adminLock.withLock { () async throws(AdminError) in
            let tokens = references.map { findKey($0)?.token ?? ($0.hasPrefix(KeySecret.prefix) ? KeySecret.token(of: $0) : $0) }
            let deleted = try await write { () async throws(StoreError) in try await store.deleteKeys(tokens) }
            directory.withLock { d in for token in deleted { d.keys[token] = nil } }
            for token in deleted { await ledger.setBudget(nil, anchor: .distantPast, for: .key(token), now: clock.now()) }
            return deleted
        }
    }

    func createTeam(_ request: TeamNewRequest) async throws(AdminError) -> Team {
        try await adminLock.withLock { () async throws(AdminError) in try await createTeamLocked(request) }
    }

    private func createTeamLocked(_ request: TeamNewRequest) async throws(AdminError) -> Team {
        let id = request.teamID ?? "team-" + UUID().uuidString.lowercased().prefix(13)
        if team(id) != nil { throw AdminError(kind: .conflict, message: "A team '\(id)' exists already.", param: "team_id") }
        let now = clock.now()
        let p = request.settings
        let team = Team(
            id: id, alias: p.alias ?? nil, models: p.models ?? [], budget: Self.budget(p.maxBudgetUSD ?? nil, p.budgetDuration ?? nil),
            budgetAnchor: now, limits: UsageLimits(rpm: p.rpm ?? nil, tpm: p.tpm ?? nil, maxParallelRequests: p.maxParallelRequests ?? nil),
            metadata: p.metadata ?? JSONObject(), createdAt: now)
        try await write { () async throws(StoreError) in try await store.insert(team) }
        directory.withLock { $0.teams[team.id] = team }
        await ledger.setBudget(team.budget, anchor: team.budgetAnchor, for: .team(team.id), now: now)
        return team
    }

    private static func budget(_ cap: Double?, _ duration: BudgetDuration?) -> Budget? {
        cap.map { Budget(maxUSD: $0, duration: duration) }
    }

    private func write<T>(_ body: () async throws(StoreError) -> T) async throws(AdminError) -> T {
        do throws(StoreError) {
            return try await body()
        } catch {
            throw AdminError(kind: .storage, message: "The key store could not save the change: \(error)")
        }
    }

    // MARK: Admission

    /// Checks a request against its key's model list and rate limits and opens its spend.
    /// - Parameters:
    ///   - model: what the client named (a group or a routed model).
    ///   - bodyBytes: the request body's size, which bounds its prompt tokens.
    /// - Parameters:
    ///   - fallbacks: the request's own fallback list, which the key must be allowed too.
    ///   - choices: `n`, the answers asked for, each up to the output cap.
    func admit(
        _ principal: Principal, model: String, fallbacks: [String] = [], requestID: String, promptTokenBound: Int, estimatedTokens: Int,
        requestedOutputTokens: Int?, choices: Int = 1
    ) async -> Result<(RequestSpend, RateLimitStatus), AdmissionDenial> {
        var scopes: [GovernanceScope] = [.proxy]
        var limited: [(GovernanceScope, UsageLimits)] = []
        var keyToken: String?
        var teamID: String?
        if case let .key(key, team) = principal {
            // A request's own fallbacks are models it asks for too; a group's configured ones are
            // part of that group, the operator's choice.
            if let refused = ([model] + fallbacks).first(where: { !principal.mayCall($0) }) {
                let list = key.models.isEmpty ? (team?.models ?? []) : key.models
                return .failure(.modelNotAllowed("This key may not call '\(refused)'. Allowed models: \(list.joined(separator: ", ")).") )
            }
            keyToken = key.token
            scopes.append(.key(key.token))
            limited.append((.key(key.token), key.limits))
            if let team {
                teamID = team.id
                scopes.append(.team(team.id))
                limited.append((.team(team.id), team.limits))
            }
        }
        let now = clock.now()
        var ticket: UsageLimiter.Ticket?
        var status = RateLimitStatus()
        if limited.contains(where: { !$0.1.isEmpty }) {
            switch await limiter.admit(limited, tokens: estimatedTokens, now: now) {
            case .success(let (t, s)): (ticket, status) = (t, s)
            case .failure(let denial): return .failure(denial)
            }
        }
        let s = settings.withLock { $0 }
        let facts = RequestSpend.Facts(
            requestID: requestID, model: model, keyToken: keyToken, teamID: teamID, scopes: ledger.budgeted(scopes),
            promptTokenBound: promptTokenBound, requestedOutputTokens: requestedOutputTokens, choices: max(1, choices),
            defaultOutputTokens: s.defaultMaxOutputTokens, budgetWait: s.budgetWait)
        return .success((RequestSpend(facts: facts, ledger: ledger, writer: writer, limiter: limiter, ticket: ticket, clock: clock), status))
    }
}

extension Governance {
    /// Everything `scope` was ever billed (for keys and teams without a budget).
    func spentAllTime(_ scope: GovernanceScope) async -> Double {
        (try? await store.spent(scope, since: .distantPast)) ?? 0
    }

    func spendLogs(from start: Date?, to end: Date?, keyToken: String?, teamID: String?, limit: Int) async throws(StoreError) -> [SpendRequestRow] {
        try await store.requests(from: start, to: end, keyToken: keyToken, teamID: teamID, limit: limit)
    }

    func spendReport(_ grouping: SpendGrouping, from start: Date?, to end: Date?) async throws(StoreError) -> [SpendReportRow] {
        try await store.report(grouping, from: start, to: end)
    }
}
