"""kill -9 under load. The request log opens clean (PRAGMA integrity_check) and holds every
request answered more than a second before the kill; what it lost is at most the last
unflushed batch (telemetry.flush_interval_ms, 100 ms here). Keys, teams, budgets and the spend
ledger lose nothing at all."""
import http.client
import json
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request

import gateway_process
from test_keys import MASTER, admin
from test_reload import ROOT, start

BODY = json.dumps({"model": "cheap", "messages": [{"role": "user", "content": "What is 6 * 7?"}]})


def test_kill_9_under_load_loses_at_most_the_last_batch(tmp_path):
    config = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    db = tmp_path / "triage.db"
    config["telemetry"] = {"path": str(db), "flush_interval_ms": 100}
    config_path = tmp_path / "gateway.json"
    config_path.write_text(json.dumps(config))
    proc, port = start(config_path)
    answered = []  # (request id, monotonic time the answer arrived)
    lock = threading.Lock()
    stop = threading.Event()

    def load():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while not stop.is_set():
            try:
                connection.request("POST", "/v1/chat/completions", BODY, {"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    with lock:
                        answered.append((response.getheader("x-triage-request-id"), time.monotonic()))
            except (OSError, http.client.HTTPException):
                return  # the gateway was killed

    workers = [threading.Thread(target=load) for _ in range(8)]
    for w in workers:
        w.start()
    time.sleep(3)  # bounded load: three seconds
    proc.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    proc.wait(timeout=10)
    stop.set()
    for w in workers:
        w.join(timeout=10)

    assert len(answered) > 100, "the load ran"
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in connection.execute("SELECT id FROM requests")}
    settled = [rid for rid, at in answered if at < killed_at - 1.0]
    missing = [rid for rid in settled if rid not in stored]
    assert not missing, f"{len(missing)} of {len(settled)} requests answered over a second before the kill were lost"
    assert len(stored) <= len(answered) + 8, "no rows beyond what was served"
    connection.close()


def test_kill_9_under_load_keeps_keys_budgets_and_every_reported_cost(tmp_path):
    """kill -9 while two virtual keys (one in a team) spend under load, then a restart on the same
    file: the database passes its integrity check; keys, team, budgets and limits are as created;
    a key revoked before the crash stays revoked; and each key's spend is at least the sum of the
    x-triage-cost-usd its answers reported. The ledger's flush bound is zero: reservations and
    settlements are committed before the answer leaves, so nothing reported can be lost. What the
    killed in-flight requests had reserved is settled at its worst case, so spend may exceed what
    was reported by at most those reservations."""
    config = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    db = tmp_path / "triage.db"
    config["telemetry"] = {"path": str(db), "flush_interval_ms": 100}
    config_path = tmp_path / "gateway.json"
    config_path.write_text(json.dumps(config))
    log = tmp_path / "stderr.log"
    env = {"TRIAGE_MASTER_KEY": MASTER}
    proc, port = gateway_process.serve(config_path, log, env)

    status, _ = admin(port, "/team/new", MASTER, {"team_id": "crash-team", "max_budget": 50, "budget_duration": "30d", "rpm_limit": 1_000_000})
    assert status == 200
    created = {
        "team": {"team_id": "crash-team", "max_budget": 20, "budget_duration": "1d", "rpm_limit": 1_000_000,
                 "tpm_limit": 100_000_000, "max_parallel_requests": 64, "models": ["cheap", "frontier"], "metadata": {"owner": "crash"}},
        "alone": {"max_budget": 20, "rpm_limit": 500_000, "key_alias": "alone"},
    }
    secrets = {}
    for name, body in created.items():
        status, answer = admin(port, "/key/generate", MASTER, body)
        assert status == 200, answer
        secrets[name] = answer["key"]
    status, revoked = admin(port, "/key/generate", MASTER, {"key_alias": "revoked"})
    assert status == 200
    assert admin(port, "/key/delete", MASTER, {"keys": [revoked["key"]]})[0] == 200
    before = {name: admin(port, f"/key/info?key={secret}", MASTER)[1]["info"] for name, secret in secrets.items()}

    reported = {name: 0.0 for name in secrets}
    answers = {name: 0 for name in secrets}
    lock = threading.Lock()
    stop = threading.Event()

    def load(name, model):
        body = json.dumps({"model": model, "max_tokens": 60, "messages": [{"role": "user", "content": "Explain tides briefly."}]})
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {secrets[name]}"}
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        while not stop.is_set():
            try:
                connection.request("POST", "/v1/chat/completions", body, headers)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    with lock:
                        reported[name] += float(response.getheader("x-triage-cost-usd"))
                        answers[name] += 1
            except (OSError, http.client.HTTPException):
                return  # the gateway was killed

    workers = [threading.Thread(target=load, args=(name, model))
               for name in secrets for model in ("cheap", "frontier", "cheap", "frontier")]
    for w in workers:
        w.start()
    time.sleep(3)  # bounded load: three seconds
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    stop.set()
    for w in workers:
        w.join(timeout=10)
    assert all(n > 50 for n in answers.values()), f"the load ran: {answers}"

    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()

    proc, port = gateway_process.serve(config_path, log, env)
    try:
        for name, secret in secrets.items():
            status, info = admin(port, f"/key/info?key={secret}", MASTER)
            assert status == 200, info
            after = info["info"]
            for field in ("token", "key_alias", "team_id", "models", "max_budget", "budget_duration", "rpm_limit",
                          "tpm_limit", "max_parallel_requests", "metadata", "expires", "created_at"):
                assert after[field] == before[name][field], f"{name}: {field} was {before[name][field]!r}, now {after[field]!r}"
            assert after["reserved"] == 0
            # The ledger holds at least every cost an answer reported (8 decimal places each).
            assert after["spend"] >= reported[name] - 1e-8 * answers[name], (name, after["spend"], reported[name])
            print(f"key {name}: {answers[name]} answers reported ${reported[name]:.8f}; after kill -9 and restart "
                  f"its spend is ${after['spend']:.8f} (+${after['spend'] - reported[name]:.8f} reserved by requests cut in flight)")
        status, team = admin(port, "/team/info?team_id=crash-team", MASTER)
        assert status == 200 and team["team_info"]["max_budget"] == 50 and team["team_info"]["budget_duration"] == "30d"
        team_key = admin(port, f"/key/info?key={secrets['team']}", MASTER)[1]["info"]
        assert abs(team["team_info"]["spend"] - team_key["spend"]) < 1e-9, "the team's spend is its key's"
        # The revoked key stays revoked; the live ones still work.
        refused = urllib.request.Request(f"http://127.0.0.1:{port}/v1/chat/completions", data=json.dumps(
            {"model": "cheap", "messages": [{"role": "user", "content": "hi"}]}).encode(),
            headers={"Authorization": f"Bearer {revoked['key']}", "Content-Type": "application/json"})
        try:
            urllib.request.urlopen(refused, timeout=10)
            raise AssertionError("a key revoked before the crash was accepted after it")
        except urllib.error.HTTPError as error:
            assert error.code == 401
        for secret in secrets.values():
            status, _ = admin(port, "/v1/chat/completions", secret, {"model": "cheap", "messages": [{"role": "user", "content": "hi"}]})
            assert status == 200
        connection = sqlite3.connect(db)
        states = dict(connection.execute("SELECT state, COUNT(*) FROM spend_requests GROUP BY state").fetchall())
        connection.close()
        assert "reserved" not in states, states
    finally:
        proc.terminate()
        proc.wait(timeout=15)
