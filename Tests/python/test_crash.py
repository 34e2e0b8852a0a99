"""kill -9 under load: the request log opens clean (PRAGMA integrity_check) and holds every
request answered more than a second before the kill; what it lost is at most the last
unflushed batch (telemetry.flush_interval_ms, 100 ms here)."""
import http.client
import json
import signal
import sqlite3
import threading
import time

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
