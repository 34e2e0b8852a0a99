"""SIGHUP reloads the gateway's config: a valid file takes effect, an invalid one is refused
and the running configuration keeps serving."""
import json
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

import openai
import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "triage"


def start(config_path):
    proc = subprocess.Popen([str(BINARY), "serve", "--simulated", "--config", str(config_path), "--port", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", proc.stderr.readline())
        if match:
            return proc, int(match.group(1))
    proc.kill()
    pytest.fail("the gateway did not report its port")


def wait_for(predicate, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_sighup_reload_good_then_bad(tmp_path):
    config_path = tmp_path / "gateway.json"
    shutil.copy(ROOT / "Tests/python/gateway.json", config_path)
    proc, port = start(config_path)
    try:
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="unused", max_retries=0)
        assert "renamed" not in {m.id for m in client.models.list()}

        config = json.loads(config_path.read_text())
        # A group no routed model names (renaming "cheap" would leave triage/auto without a candidate).
        next(g for g in config["model_groups"] if g["name"] == "always-500")["name"] = "renamed"
        config_path.write_text(json.dumps(config))
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: "renamed" in {m.id for m in client.models.list()})
        with pytest.raises(openai.InternalServerError):
            client.chat.completions.create(model="renamed", messages=[{"role": "user", "content": "hi"}])

        config_path.write_text('{"model_groups": [{"name": "x", "deploymnts": []}]}')
        proc.send_signal(signal.SIGHUP)
        assert wait_for(lambda: "kept the running configuration" in proc.stderr.readline())
        assert "renamed" in {m.id for m in client.models.list()}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
