"""Three gateway replicas on one PostgreSQL database (run it through Scripts/replicas, which
starts the database and builds first).

    Scripts/replicas.py BINARY [--window-seconds 60] [--keep DIR]

Everything runs on 127.0.0.1 and is bounded in time. TRIAGE_TEST_POSTGRES_URL names the database.
Three `triage serve --simulated` replicas share it; a round-robin client sends every request to
the next replica. One virtual key has a $1 budget and a 100-requests-per-window limit (the
window is a minute unless --window-seconds makes it shorter, for CI).

  window 1  300 concurrent requests: the rate limit binds (at most 100 admitted);
  window 2  300 more: the budget binds (spend stops at $1); meanwhile replica 3 is killed with
            kill -9 while its requests are in flight;
  learning  60 triage/auto requests with the master key and thumbs-up feedback on each, sent to
            the replica that answered; the bandit statistics merged in PostgreSQL must hold
            every update every replica made (additivity across replicas).

Then it stops the live replicas (SIGTERM: drain and flush) and checks, and prints:
  - total spend <= $1: the ledger's sum, the budget counter and the key's spend agree;
  - admitted requests per window <= 100, and 100 were admitted in window 1;
  - nothing lost from the dead replica: its reservations were settled by a live replica at their
    worst case, no hold or reserved row is left, and every answer a client got is in the ledger;
  - the merged bandit counts = the updates the replicas report in their metrics.
Exits 1 when a check fails.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chaos import Process  # noqa: E402

MASTER_KEY = "sk-replicas-master"
RPM = 100
BUDGET_USD = 1.0


def config(window_ms):
    base = json.loads((Path(__file__).resolve().parent.parent / "Data/configs/postgres.json").read_text())
    base["server"] = {"host": "127.0.0.1", "master_key": MASTER_KEY, "drain_timeout_ms": 10000}
    base["store"] = {"postgres": {"url": "env:TRIAGE_DATABASE_URL", "pool_size": 8, "refresh_ms": 250,
                                  "replica_timeout_ms": 2000}}
    base["governance"] = {"rate_limit_window_ms": window_ms}
    base["telemetry"] = {"flush_interval_ms": 50}
    # A dear frontier, so $1 is reached within a window's 100 requests.
    frontier = next(g for g in base["model_groups"] if g["name"] == "frontier")
    frontier["deployments"][0]["price"] = {"input_per_million": 5.0, "output_per_million": 30.0}
    frontier["deployments"][0]["provider"]["latency"] = {"mean_ms": 300, "stddev_ms": 50}
    for route in base["routed_models"]:
        route["router"] = str(Path(__file__).resolve().parent.parent / route["router"]) if "router" in route else None
        if route.get("router") is None:
            route.pop("router", None)
    return base


def call(port, method, path, body=None, key=MASTER_KEY, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None,
                           {"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    except (OSError, http.client.HTTPException) as error:
        return None, {}, str(error)
    finally:
        connection.close()


def psql(url, sql):
    out = subprocess.run(["psql", url, "-At", "-F", "|", "-c", sql], capture_output=True, text=True, timeout=30)
    if out.returncode != 0:
        raise SystemExit(f"replicas: psql failed: {out.stderr}")
    return [line.split("|") for line in out.stdout.strip().splitlines() if line]


def burst(ports, alive, key, count, start_index, answers):
    """`count` concurrent chat requests, round-robin over the live replicas."""
    def one(i):
        live = [p for p, ok in zip(ports, alive) if ok()]
        port = live[i % len(live)]
        started = time.time()
        status, headers, body = call(port, "POST", "/v1/chat/completions",
                                     {"model": "frontier", "max_tokens": 300,
                                      "messages": [{"role": "user", "content": f"Replica probe {i}: name a prime."}]}, key=key)
        answers.append({"index": i, "port": port, "status": status, "time": started,
                        "request_id": headers.get("x-triage-request-id"), "cost": float(headers.get("x-triage-cost-usd", 0) or 0),
                        "code": (json.loads(body).get("error", {}).get("code") if status and status != 200 and body.startswith("{") else None)})
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(one, range(start_index, start_index + count)))


def metric_sum(text, name):
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            total += float(line.rsplit(" ", 1)[1])
    return total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--window-seconds", type=float, default=60)
    parser.add_argument("--keep")
    args = parser.parse_args()
    url = os.environ.get("TRIAGE_TEST_POSTGRES_URL")
    if not url:
        print("replicas: no PostgreSQL (TRIAGE_TEST_POSTGRES_URL is unset): skipped")
        return 0
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="triage-replicas-"))
    work.mkdir(parents=True, exist_ok=True)
    window = args.window_seconds
    config_path = work / "replicas.json"
    config_path.write_text(json.dumps(config(int(window * 1000)), indent=2))
    os.environ["TRIAGE_DATABASE_URL"] = url
    failures = []

    def check(condition, message):
        print(("ok    " if condition else "FAIL  ") + message)
        if not condition:
            failures.append(message)

    replicas = [Process(f"replica {i + 1}", [args.binary, "serve", "--simulated", "--config", str(config_path)],
                        work / f"replica-{i + 1}.log") for i in range(3)]
    try:
        for r in replicas:
            r.start()
        ports = [r.port for r in replicas]
        alive = [lambda r=r: r.proc.poll() is None for r in replicas]
        print(f"replicas: 3 gateways on 127.0.0.1:{', '.join(map(str, ports))}, one PostgreSQL, window {window:g} s")
        status, _, body = call(ports[0], "POST", "/key/generate",
                               {"key_alias": "replicas", "max_budget": BUDGET_USD, "rpm_limit": RPM})
        if status != 200:
            raise SystemExit(f"replicas: could not create the key: {status} {body}")
        key = json.loads(body)["key"]
        # Every replica knows the key within a refresh interval.
        deadline = time.time() + 10
        while time.time() < deadline and not all(
                call(p, "GET", "/key/info?key=" + key)[0] == 200 for p in ports):
            time.sleep(0.1)
        # Wait for the start of a fresh window: the database's clock buckets it.
        answers = []
        window_one = time.time()
        burst(ports, alive, key, 300, 0, answers)
        # Window 2 starts once every request of window 1 has left the window.
        time.sleep(max(0.0, window_one + window * 1.05 - time.time()))
        window_two = time.time()
        killer = threading.Timer(0.15, lambda: replicas[2].stop(signal.SIGKILL, timeout=5))
        killer.start()
        burst(ports, alive, key, 300, 300, answers)
        killer.join()
        print(f"replicas: replica 3 (port {ports[2]}) killed with kill -9 during window 2")

        # Learning: triage/auto on the master key, feedback to the replica that answered.
        rng = random.Random(7)
        learned = 0
        for i in range(60):
            port = ports[i % 2]
            status, headers, _ = call(port, "POST", "/v1/chat/completions",
                                      {"model": "triage/auto", "max_tokens": 40,
                                       "messages": [{"role": "user", "content": f"Question {i}: " + "why " * rng.randint(1, 60)}]})
            if status == 200 and headers.get("x-triage-request-id"):
                fb, _, _ = call(port, "POST", "/v1/feedback", {"request_id": headers["x-triage-request-id"],
                                                                "metric": "thumbs_up", "value": rng.random() < 0.7})
                learned += fb == 200
        time.sleep(1.0)  # a few refresh intervals: every replica reads the merged totals back
        updates = sum(metric_sum(call(p, "GET", "/metrics")[2], "triage_bandit_updates_total") for p in ports[:2])
        # Replica 3 is dead: a live one settles what it held once its heartbeat is stale.
        time.sleep(3.0)

        # Store outage: no connection to the database for a few seconds. Budgeted requests fail
        # closed (503, at once); unbudgeted ones (the master key) keep flowing, their ledger and
        # request-log rows buffered until the database is back.
        database = url.rsplit("/", 1)[1].split("?")[0]
        admin_url = url.replace("/" + database, "/postgres", 1)
        psql(admin_url, f"ALTER DATABASE {database} ALLOW_CONNECTIONS false")
        psql(admin_url, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()")
        outage = {"budgeted": [], "open": [], "open_ids": []}
        for i in range(10):
            started = time.time()
            status, _, _ = call(ports[i % 2], "POST", "/v1/chat/completions",
                                {"model": "cheap", "max_tokens": 20, "messages": [{"role": "user", "content": f"outage {i}"}]}, key=key)
            outage["budgeted"].append((status, time.time() - started))
            print(f"  outage request {i}: budgeted {status} in {time.time() - started:.2f} s", flush=True)
            status, headers, _ = call(ports[i % 2], "POST", "/v1/chat/completions",
                                      {"model": "cheap", "max_tokens": 20, "messages": [{"role": "user", "content": f"outage open {i}"}]})
            outage["open"].append(status)
            if headers.get("x-triage-request-id"):
                outage["open_ids"].append(headers["x-triage-request-id"])
            time.sleep(0.2)
        health_during = json.loads(call(ports[0], "GET", "/health/readiness")[2]).get("store")
        psql(admin_url, f"ALTER DATABASE {database} ALLOW_CONNECTIONS true")
        # The buffered writes go in with the writers' next retries (backoff up to 2 s).
        ids = "', '".join(outage["open_ids"])
        deadline = time.time() + 20
        while time.time() < deadline and int(psql(url, f"SELECT count(*) FROM spend_requests WHERE request_id IN ('{ids}')")[0][0]) < len(outage["open_ids"]):
            time.sleep(0.25)
        print(f"replicas: the store was back {time.time() - deadline + 20:.1f} s before the buffered ledger rows were all in")
        after = call(ports[0], "POST", "/v1/chat/completions",
                     {"model": "cheap", "max_tokens": 20, "messages": [{"role": "user", "content": "after the outage"}]})[0]
        _, _, info = call(ports[0], "GET", "/key/info?key=" + key)
        key_spend = json.loads(info)["info"]["spend"]
    finally:
        for r in replicas[:2]:
            r.stop()
        replicas[2].stop(signal.SIGKILL, timeout=5)

    token = psql(url, f"SELECT token FROM virtual_keys WHERE alias = 'replicas'")[0][0]
    ledger = float(psql(url, f"SELECT coalesce(sum(cost_usd), 0) FROM spend_requests WHERE key_token = '{token}'")[0][0])
    counter = psql(url, f"SELECT spent, reserved FROM budget_counters WHERE scope = 'key:{token}'")
    counter_spent, counter_reserved = float(counter[0][0]), float(counter[0][1])
    states = dict((s, int(n)) for s, n in psql(url, f"SELECT state, count(*) FROM spend_requests WHERE key_token = '{token}' GROUP BY state"))
    holds = int(psql(url, "SELECT count(*) FROM budget_holds")[0][0])
    logged = set(r[0] for r in psql(url, f"SELECT request_id FROM spend_requests WHERE key_token = '{token}' AND state != 'reserved'"))
    arms = psql(url, "SELECT routed_model, arm, count FROM bandit_arms ORDER BY arm")
    in_flight = int(psql(url, "SELECT coalesce(sum(requests), 0) FROM rate_in_flight")[0][0])
    outage_ids = "', '".join(outage["open_ids"])
    outage_ledger = int(psql(url, f"SELECT count(*) FROM spend_requests WHERE request_id IN ('{outage_ids}')")[0][0])
    outage_log = int(psql(url, f"SELECT count(*) FROM requests WHERE id IN ('{outage_ids}')")[0][0])

    ok = [a for a in answers if a["status"] == 200]
    per_window = [sum(1 for a in ok if a["index"] < 300), sum(1 for a in ok if a["index"] >= 300)]
    refused = {}
    for a in answers:
        if a["status"] != 200:
            refused[(a["status"], a["code"])] = refused.get((a["status"], a["code"]), 0) + 1
    print(f"\nrequests       600 sent round-robin to 3 replicas; {len(ok)} answered 200")
    print(f"admitted       window 1: {per_window[0]}, window 2: {per_window[1]} (limit {RPM} per {window:g} s window)")
    print("refused        " + ", ".join(f"{n} × {s} {c}" for (s, c), n in sorted(refused.items(), key=lambda kv: -kv[1])))
    print(f"spend          ledger ${ledger:.8f}, budget counter ${counter_spent:.8f} (reserved ${counter_reserved:.8f}), "
          f"/key/info ${key_spend:.8f}; budget ${BUDGET_USD:.2f}")
    print(f"ledger rows    {states}; holds left {holds}; requests in flight left {in_flight}")
    print(f"bandit         {learned} feedbacks learned; replicas' update counters sum to {updates:g}; merged arms in PostgreSQL: "
          + ", ".join(f"{m}/{a} n={n}" for m, a, n in arms))
    slowest = max(t for _, t in outage["budgeted"])
    print(f"store outage   budgeted: {[s for s, _ in outage['budgeted']]} (slowest {slowest * 1000:.0f} ms); "
          f"unbudgeted: {outage['open']}; /health during it {health_during}; after it: {after}")
    print(f"               {len(outage['open_ids'])} answered during the outage; in the ledger after it {outage_ledger}, "
          f"in the request log {outage_log}")
    later = max(t for _, t in outage["budgeted"][1:])
    check(later < 0.5, f"after the first timeout, budgeted requests are refused at once (slowest {later * 1000:.0f} ms)")
    check(all(s == 503 for s, _ in outage["budgeted"]) and slowest < 5 and health_during == "down", "budgets fail closed while the store is down (503 within the timeout)")
    check(all(s == 200 for s in outage["open"]) and after == 200, "unbudgeted requests flow through the outage, and all after it")
    check(outage_ledger == len(outage["open_ids"]) == outage_log, "what was answered during the outage reached the ledger and the log")
    check(ledger <= BUDGET_USD + 1e-9, f"total spend ${ledger:.6f} <= ${BUDGET_USD:.2f}")
    check(abs(ledger - counter_spent) < 1e-9 and counter_reserved < 1e-12, "the ledger = the budget counter, nothing reserved")
    check(abs(key_spend - ledger) < 1e-9, "the key's spend (/key/info) = the ledger")
    check(per_window[0] <= RPM and per_window[1] <= RPM, f"admitted per window <= {RPM}")
    check(per_window[0] == RPM, f"the rate limit admitted exactly {RPM} in window 1 (no budget bound yet)")
    check(ledger > BUDGET_USD * 0.9, "window 2 spent up to the budget")
    check(states.get("reserved", 0) == 0 and holds == 0 and in_flight == 0, "nothing left reserved, held or in flight")
    answered_ids = {a["request_id"] for a in ok if a["request_id"]}
    check(answered_ids <= logged, f"every answer a client got is in the ledger ({len(answered_ids)} answers)")
    check(sum(int(n) for _, _, n in arms) == int(updates) and updates == learned,
          "merged bandit counts = every replica's updates = feedbacks learned")
    if failures:
        print(f"\nreplicas: {len(failures)} check(s) failed; logs in {work}")
        return 1
    print("\nreplicas: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
