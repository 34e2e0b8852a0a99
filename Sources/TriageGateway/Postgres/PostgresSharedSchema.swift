/// What several replicas on one database share, beyond the rows one gateway writes: live
/// replicas (so a dead one's reservations can be settled by the others), budget counters with
/// their holds, and rate-limit windows. The checks run in PostgreSQL functions, each one call,
/// so a check and its update are one atomic step under row locks however many replicas ask.
///
/// Every function locks the rows it needs in scope order before reading them: two calls
/// wanting the same scopes queue on the first instead of deadlocking.
enum PostgresSharedSchema {
    static let migrations: [[String]] = [
        // 4: replicas, budget counters and holds, rate-limit windows, the directory's version.
        [
            """
            CREATE TABLE replicas (
                id text PRIMARY KEY,
                host text NOT NULL,
                started double precision NOT NULL,
                heartbeat double precision NOT NULL
            )
            """,
            "ALTER TABLE spend_requests ADD COLUMN replica text",
            "CREATE INDEX spend_requests_open ON spend_requests(replica) WHERE state = 'reserved'",
            """
            CREATE TABLE budget_counters (
                scope text NOT NULL,
                period_start double precision NOT NULL,
                spent double precision NOT NULL,
                reserved double precision NOT NULL,
                PRIMARY KEY (scope, period_start)
            )
            """,
            """
            CREATE TABLE budget_holds (
                request_id text NOT NULL,
                sequence bigint NOT NULL,
                scope text NOT NULL,
                period_start double precision NOT NULL,
                amount double precision NOT NULL,
                replica text NOT NULL,
                PRIMARY KEY (request_id, sequence, scope)
            )
            """,
            "CREATE INDEX budget_holds_by_replica ON budget_holds(replica)",
            "CREATE TABLE rate_scopes (scope text PRIMARY KEY)",
            """
            CREATE TABLE rate_buckets (
                scope text NOT NULL,
                bucket bigint NOT NULL,
                requests bigint NOT NULL,
                tokens bigint NOT NULL,
                PRIMARY KEY (scope, bucket)
            )
            """,
            """
            CREATE TABLE rate_in_flight (
                scope text NOT NULL,
                replica text NOT NULL,
                requests bigint NOT NULL,
                PRIMARY KEY (scope, replica)
            )
            """,
            "CREATE TABLE directory_version (id integer PRIMARY KEY, version bigint NOT NULL)",
            "INSERT INTO directory_version VALUES (1, 0)",
            budgetReserve,
            budgetSettle,
            rateAdmit,
            rateFinish,
            recoverReplica,
        ],
    ]

    /// Reserves `amount` against every (scope, period) at once or none. Returns
    /// `[verdict, scope index (1-based), spent, reserved]`: 0 reserved (spent and reserved then
    /// come as arrays in `states`), 1 wait (only reservations stand in the way), 2 denied.
    static let budgetReserve = """
        CREATE FUNCTION triage_budget_reserve(
            p_request text, p_sequence bigint, p_replica text, p_scopes text[], p_starts double precision[],
            p_caps double precision[], p_amount double precision, OUT verdict double precision[], OUT states double precision[])
        LANGUAGE plpgsql AS $$
        DECLARE
            i integer;
            v_spent double precision;
            v_reserved double precision;
        BEGIN
            INSERT INTO budget_counters (scope, period_start, spent, reserved)
                SELECT u.s, u.t, 0, 0 FROM unnest(p_scopes, p_starts) AS u(s, t) ORDER BY u.s COLLATE "C" ON CONFLICT DO NOTHING;
            PERFORM 1 FROM budget_counters c JOIN unnest(p_scopes, p_starts) AS u(s, t) ON c.scope = u.s AND c.period_start = u.t
                ORDER BY c.scope COLLATE "C" FOR UPDATE OF c;
            states := ARRAY[]::double precision[];
            FOR i IN 1 .. coalesce(array_length(p_scopes, 1), 0) LOOP
                SELECT spent, reserved INTO v_spent, v_reserved FROM budget_counters WHERE scope = p_scopes[i] AND period_start = p_starts[i];
                IF v_spent + v_reserved + p_amount > p_caps[i] + 1e-12 THEN
                    IF v_reserved > 0 AND v_spent + p_amount <= p_caps[i] + 1e-12 THEN
                        IF verdict IS NULL THEN verdict := ARRAY[1, i, v_spent, v_reserved]; END IF;
                    ELSE
                        verdict := ARRAY[2, i, v_spent, v_reserved];
                        RETURN;
                    END IF;
                END IF;
                states := states || ARRAY[v_spent, v_reserved + p_amount];
            END LOOP;
            IF verdict IS NOT NULL THEN RETURN; END IF;
            UPDATE budget_counters c SET reserved = c.reserved + p_amount FROM unnest(p_scopes, p_starts) AS u(s, t)
                WHERE c.scope = u.s AND c.period_start = u.t;
            INSERT INTO budget_holds (request_id, sequence, scope, period_start, amount, replica)
                SELECT p_request, p_sequence, u.s, u.t, p_amount, p_replica FROM unnest(p_scopes, p_starts) AS u(s, t);
            verdict := ARRAY[0, 0, 0, 0];
        END $$
        """

    /// Ends holds: each (request, sequence) gives back what it held and adds its cost to the
    /// period it was reserved in. A hold already ended (released, or recovered) adds nothing.
    static let budgetSettle = """
        CREATE FUNCTION triage_budget_settle(p_requests text[], p_sequences bigint[], p_costs double precision[])
        RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM budget_counters c
                JOIN budget_holds h ON c.scope = h.scope AND c.period_start = h.period_start
                JOIN unnest(p_requests, p_sequences) AS x(r, q) ON h.request_id = x.r AND h.sequence = x.q
                ORDER BY c.scope COLLATE "C" FOR UPDATE OF c;
            UPDATE budget_counters c SET reserved = greatest(0, c.reserved - t.amount), spent = c.spent + t.cost
                FROM (SELECT h.scope, h.period_start, sum(h.amount) AS amount, sum(x.cost) AS cost
                      FROM budget_holds h JOIN unnest(p_requests, p_sequences, p_costs) AS x(r, q, cost)
                          ON h.request_id = x.r AND h.sequence = x.q
                      GROUP BY h.scope, h.period_start) t
                WHERE c.scope = t.scope AND c.period_start = t.period_start;
            DELETE FROM budget_holds h USING unnest(p_requests, p_sequences) AS x(r, q) WHERE h.request_id = x.r AND h.sequence = x.q;
        END $$
        """

    /// Admits one request against every scope's limits over the last `p_window_ms` (by the
    /// database's clock, the one clock all replicas share), or none. Windows are counted in
    /// buckets of `p_bucket_ms`; a bucket that overlaps the window at all counts whole, so
    /// the count can only be larger than the exact one (admission stricter, never looser).
    /// A limit of -1 is none. Returns `[0, bucket, now_ms, then per scope: requests, tokens,
    /// in flight, oldest bucket]` when admitted, `[kind (1 parallel, 2 requests, 3 tokens),
    /// scope index, retry after ms]` when not.
    static let rateAdmit = """
        CREATE FUNCTION triage_rate_admit(
            p_replica text, p_scopes text[], p_rpm bigint[], p_tpm bigint[], p_parallel bigint[], p_tokens bigint,
            p_window_ms bigint, p_bucket_ms bigint)
        RETURNS bigint[] LANGUAGE plpgsql AS $$
        DECLARE
            v_now bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
            v_bucket bigint := v_now / p_bucket_ms;
            v_first bigint := (v_now - p_window_ms) / p_bucket_ms;
            v_out bigint[] := ARRAY[0, v_now / p_bucket_ms, v_now];
            i integer;
            v_requests bigint;
            v_tokens bigint;
            v_oldest bigint;
            v_flying bigint;
            v_retry bigint;
        BEGIN
            INSERT INTO rate_scopes (scope) SELECT s FROM unnest(p_scopes) AS u(s) ORDER BY s COLLATE "C" ON CONFLICT DO NOTHING;
            PERFORM 1 FROM rate_scopes WHERE scope = ANY(p_scopes) ORDER BY scope COLLATE "C" FOR UPDATE;
            FOR i IN 1 .. coalesce(array_length(p_scopes, 1), 0) LOOP
                DELETE FROM rate_buckets WHERE scope = p_scopes[i] AND bucket < v_first;
                SELECT coalesce(sum(requests), 0), coalesce(sum(tokens), 0), min(bucket) INTO v_requests, v_tokens, v_oldest
                    FROM rate_buckets WHERE scope = p_scopes[i];
                SELECT coalesce(sum(requests), 0) INTO v_flying FROM rate_in_flight WHERE scope = p_scopes[i];
                v_retry := greatest(1, (coalesce(v_oldest, v_bucket) + 1) * p_bucket_ms + p_window_ms - v_now);
                IF p_parallel[i] >= 0 AND v_flying >= p_parallel[i] THEN RETURN ARRAY[1, i, 1000]; END IF;
                IF p_rpm[i] >= 0 AND v_requests >= p_rpm[i] THEN RETURN ARRAY[2, i, v_retry]; END IF;
                IF p_tpm[i] >= 0 AND v_tokens + p_tokens > p_tpm[i] THEN RETURN ARRAY[3, i, v_retry]; END IF;
                v_out := v_out || ARRAY[v_requests + 1, v_tokens + p_tokens, v_flying + 1, coalesce(v_oldest, v_bucket)];
            END LOOP;
            INSERT INTO rate_buckets (scope, bucket, requests, tokens) SELECT s, v_bucket, 1, p_tokens FROM unnest(p_scopes) AS u(s)
                ON CONFLICT (scope, bucket) DO UPDATE SET requests = rate_buckets.requests + 1, tokens = rate_buckets.tokens + EXCLUDED.tokens;
            INSERT INTO rate_in_flight (scope, replica, requests) SELECT s, p_replica, 1 FROM unnest(p_scopes) AS u(s)
                ON CONFLICT (scope, replica) DO UPDATE SET requests = rate_in_flight.requests + 1;
            RETURN v_out;
        END $$
        """

    /// Ends admitted requests: each leaves its scopes' in-flight count and corrects its
    /// bucket's tokens from the estimate to the real count (`p_changes`, one per scope entry).
    static let rateFinish = """
        CREATE FUNCTION triage_rate_finish(p_replica text, p_scopes text[], p_buckets bigint[], p_changes bigint[])
        RETURNS void LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM 1 FROM rate_scopes WHERE scope = ANY(p_scopes) ORDER BY scope COLLATE "C" FOR UPDATE;
            UPDATE rate_in_flight f SET requests = greatest(0, f.requests - x.n)
                FROM (SELECT s, count(*) AS n FROM unnest(p_scopes) AS u(s) GROUP BY s) x
                WHERE f.scope = x.s AND f.replica = p_replica;
            UPDATE rate_buckets b SET tokens = greatest(0, b.tokens + x.change)
                FROM (SELECT s, q, sum(c) AS change FROM unnest(p_scopes, p_buckets, p_changes) AS u(s, q, c) GROUP BY s, q) x
                WHERE b.scope = x.s AND b.bucket = x.q;
        END $$
        """

    /// Settles what a replica that stopped heartbeating left open: its holds count their worst
    /// case as spent (the upstream may have billed them) unless their request never reached the
    /// ledger (then nothing was sent), its ledger rows say `recovered`, its
    /// in-flight requests end. Only the caller that removes the replica's row does the work,
    /// so two replicas noticing the same death recover it once. Returns the requests recovered.
    static let recoverReplica = """
        CREATE FUNCTION triage_recover_replica(p_replica text, p_stale_before double precision, p_now double precision)
        RETURNS bigint LANGUAGE plpgsql AS $$
        DECLARE
            v_open bigint;
        BEGIN
            DELETE FROM replicas WHERE id = p_replica AND heartbeat < p_stale_before;
            IF NOT FOUND THEN RETURN -1; END IF;
            -- A hold whose request has no ledger row was never sent (the row commits first): it
            -- ends at nothing. The others may have been billed: their worst case.
            PERFORM triage_budget_settle(array_agg(request_id), array_agg(sequence), array_agg(amount))
                FROM (SELECT h.request_id, h.sequence,
                             CASE WHEN EXISTS (SELECT 1 FROM spend_requests r WHERE r.request_id = h.request_id) THEN max(h.amount) ELSE 0 END AS amount
                      FROM budget_holds h WHERE h.replica = p_replica GROUP BY h.request_id, h.sequence) h;
            UPDATE spend_charges c SET cost_usd = c.reserved_usd, state = 'recovered' FROM spend_requests r
                WHERE r.request_id = c.request_id AND r.replica = p_replica AND r.state = 'reserved' AND c.state = 'reserved';
            UPDATE spend_requests SET state = 'recovered', settled = p_now,
                cost_usd = (SELECT coalesce(sum(cost_usd), 0) FROM spend_charges c WHERE c.request_id = spend_requests.request_id)
                WHERE replica = p_replica AND state = 'reserved';
            GET DIAGNOSTICS v_open = ROW_COUNT;
            PERFORM 1 FROM rate_scopes WHERE scope IN (SELECT scope FROM rate_in_flight WHERE replica = p_replica)
                ORDER BY scope COLLATE "C" FOR UPDATE;
            DELETE FROM rate_in_flight WHERE replica = p_replica;
            RETURN v_open;
        END $$
        """
}
