"""Virtual keys end to end: `triage keys` against a running gateway, the openai SDK's errors for
every refusal, and the secret nowhere in the gateway's output or its database."""
import hashlib
import json
import os
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request

import openai
import pytest

import gateway_process
from test_reload import BINARY, ROOT

MASTER = "sk-master-keys-test-9d2e"


@pytest.fixture
def gateway(tmp_path):
    config = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    config["telemetry"] = {"path": str(tmp_path / "triage.db"), "flush_interval_ms": 20}
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(config))
    out, err = open(tmp_path / "stdout.log", "w"), open(tmp_path / "stderr.log", "w")
    env = dict(os.environ, TRIAGE_MASTER_KEY=MASTER)
    proc = subprocess.Popen([str(BINARY), "serve", "--simulated", "--config", str(path), "--port", "0"], stdout=out, stderr=err, env=env)
    port = None
    deadline = time.monotonic() + 30
    while port is None and time.monotonic() < deadline:
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", (tmp_path / "stderr.log").read_text())
        port = int(match.group(1)) if match else time.sleep(0.1)
    if port is None:
        proc.kill()
        pytest.fail("the gateway did not report its port")
    yield port, tmp_path
    proc.terminate()
    proc.wait(timeout=15)
    out.close()
    err.close()


def cli(port, *args):
    env = dict(os.environ, TRIAGE_MASTER_KEY=MASTER)
    done = subprocess.run([str(BINARY), "keys", *args, "--url", f"http://127.0.0.1:{port}"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def admin(port, path, key, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_keys_from_the_cli_and_every_refusal_through_the_sdk(gateway):
    port, tmp = gateway
    base = f"http://127.0.0.1:{port}/v1"
    messages = [{"role": "user", "content": "What is 2 + 2?"}]
    secret = cli(port, "create", "--alias", "ci", "--models", "cheap", "--rpm", "100").strip()
    assert re.fullmatch(r"sk-triage-[0-9A-Za-z]{43}", secret)
    client = openai.OpenAI(base_url=base, api_key=secret, max_retries=0)
    assert client.chat.completions.create(model="cheap", messages=messages, max_tokens=20).choices

    with pytest.raises(openai.PermissionDeniedError) as refused:
        client.chat.completions.create(model="frontier", messages=messages)
    assert refused.value.code == "model_not_allowed"
    with pytest.raises(openai.AuthenticationError):
        openai.OpenAI(base_url=base, api_key="sk-triage-" + "x" * 43, max_retries=0).chat.completions.create(model="cheap", messages=messages)

    # A budget: the SDK's default retries stay off a spent budget (x-should-retry: false).
    budgeted = cli(port, "create", "--max-budget", "0.0001", "--budget-duration", "1d").strip()
    spender = openai.OpenAI(base_url=base, api_key=budgeted)
    with pytest.raises(openai.RateLimitError) as spent:
        for _ in range(200):
            spender.chat.completions.create(model="cheap", messages=messages, max_tokens=50)
    assert spent.value.type == "budget_exceeded"
    assert "resets at" in spent.value.message

    # Requests per minute, with Retry-After.
    limited = openai.OpenAI(base_url=base, api_key=cli(port, "create", "--rpm", "1").strip(), max_retries=0)
    limited.chat.completions.create(model="cheap", messages=messages, max_tokens=5)
    with pytest.raises(openai.RateLimitError) as throttled:
        limited.chat.completions.create(model="cheap", messages=messages, max_tokens=5)
    assert int(throttled.value.response.headers["retry-after"]) > 0
    assert throttled.value.response.headers["x-ratelimit-remaining-requests"] == "0"

    # Expiry.
    expiring = openai.OpenAI(base_url=base, api_key=cli(port, "create", "--expires", "1s").strip(), max_retries=0)
    time.sleep(1.2)
    with pytest.raises(openai.AuthenticationError) as expired:
        expiring.chat.completions.create(model="cheap", messages=messages)
    assert expired.value.code == "expired_api_key"

    # The admin API answers the master key only.
    assert admin(port, "/key/generate", secret, {})[0] == 403
    status, listed = admin(port, "/key/list", MASTER)
    assert status == 200 and len(listed["keys"]) == 4
    listing = cli(port, "list")
    assert "ci" in listing and secret not in listing

    # Revoked: the next request is refused.
    token = [k["token"] for k in listed["data"] if k["key_alias"] == "ci"][0]
    assert cli(port, "revoke", secret).strip() == token
    with pytest.raises(openai.AuthenticationError):
        client.chat.completions.create(model="cheap", messages=messages)

    # The ledger adds up.
    status, report = admin(port, "/spend/report?group_by=key", MASTER)
    status_logs, logs = admin(port, "/spend/logs", MASTER)
    assert status == 200 and status_logs == 200
    assert abs(report["total_spend"] - sum(row["spend"] for row in logs)) < 1e-12
    budget_row = [row for row in report["rows"] if row["key"] == token_of(budgeted)]
    assert budget_row and budget_row[0]["spend"] <= 0.0001

    # Never logged, never stored: the secrets appear in no log line and no database byte.
    time.sleep(0.3)
    for name in ["stdout.log", "stderr.log", "triage.db", "triage.db-wal"]:
        path = tmp / name
        if path.exists():
            data = path.read_bytes()
            for key in [secret, budgeted]:
                assert key.encode() not in data, f"{name} holds a secret"
                assert key[10:].encode() not in data, f"{name} holds a secret's body"


def token_of(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def test_a_crash_forgets_no_money(tmp_path):
    """kill -9 with requests in flight: on restart their reservations are settled at their worst
    case, so the key's budget still counts them."""
    config = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    config["telemetry"] = {"path": str(tmp_path / "triage.db")}
    slow = {"kind": "sim", "latency": {"mean_ms": 5000, "stddev_ms": 0}, "ttft_ms": 5000}
    config["model_groups"][0]["deployments"][0]["provider"] = slow
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(config))

    def serve():
        return gateway_process.serve(path, tmp_path / "stderr.log", {"TRIAGE_MASTER_KEY": MASTER})

    proc, port = serve()
    secret = cli(port, "create", "--max-budget", "1").strip()
    body = {"model": "cheap", "max_tokens": 100, "messages": [{"role": "user", "content": "Tell me about tides."}]}
    def send():
        try:
            urllib.request.urlopen(urllib.request.Request(
                f"http://127.0.0.1:{port}/v1/chat/completions", data=json.dumps(body).encode(),
                headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}), timeout=20)
        except (urllib.error.URLError, ConnectionError, OSError):
            pass  # the gateway is killed under it
    senders = [threading.Thread(target=send) for _ in range(3)]
    for sender in senders:
        sender.start()
    time.sleep(1.0)
    status, logs = admin(port, "/spend/logs", MASTER)
    assert status == 200 and [row["state"] for row in logs] == ["reserved"] * 3, logs
    reserved = sum(row["reserved"] for row in logs)
    proc.kill()
    proc.wait(timeout=10)
    for sender in senders:
        sender.join(timeout=30)

    proc, port = serve()
    try:
        assert "3 requests were left reserved" in (tmp_path / "stderr.log").read_text()
        status, logs = admin(port, "/spend/logs", MASTER)
        assert [row["state"] for row in logs] == ["recovered"] * 3
        status, info = admin(port, f"/key/info?key={secret}", MASTER)
        assert abs(info["info"]["spend"] - reserved) < 1e-12 and info["info"]["reserved"] == 0
    finally:
        proc.terminate()
        proc.wait(timeout=15)
