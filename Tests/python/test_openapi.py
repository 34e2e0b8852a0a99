"""schemathesis against the live gateway: every operation of the document the gateway serves at
GET /openapi.json is called with generated requests, valid and invalid (the admin routes with
the master key), and every answer must be no server error, a documented status, content type
and headers, and match the documented schema; routes that need a key must refuse none."""
import json
import subprocess
import sys
import time

from test_reload import ROOT, start

MASTER_KEY = "sk-master-openapi-7d2e"
# Generated cases per operation: enough to reach each schema's branches, few enough that the
# test takes about 30 s on a slow shared machine. DEADLINE_S bounds it whatever happens.
MAX_EXAMPLES = 12
DEADLINE_S = 120
CHECKS = ("not_a_server_error,status_code_conformance,content_type_conformance,"
          "response_schema_conformance,response_headers_conformance,ignored_auth")


def config(tmp_path):
    """The test gateway's simulated tiers and routed models without its always-failing groups
    (their 5xx answers are documented, but not_a_server_error rightly counts every 5xx), with a
    request log (feedback and the dashboard need one) and a master key (the admin API)."""
    c = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    c["model_groups"] = [g for g in c["model_groups"] if not g["name"].startswith("always-")]
    c["server"]["master_key"] = "env:TRIAGE_OPENAPI_MASTER_KEY"
    c["telemetry"] = {"path": str(tmp_path / "triage.db")}
    c["feedback_metrics"] = [{"name": "thumbs_up", "type": "boolean", "goal": "maximize"}]
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(c))
    return path


def schemathesis(port, deadline, cwd, *selection):
    """One schemathesis run over the operations `selection` picks; its report on failure.
    `cwd` takes the replay files it leaves (.schemathesis/)."""
    run = subprocess.run(
        [sys.executable, "-m", "schemathesis.cli", "run", f"http://127.0.0.1:{port}/openapi.json", *selection,
         "--header", f"Authorization: Bearer {MASTER_KEY}", "--checks", CHECKS,
         "--max-examples", str(MAX_EXAMPLES), "--seed", "7", "--workers", "1",
         "--request-timeout", "10", "--generation-database", "none", "--no-color",
         # Its sanitiser hides every *token* member (max_tokens too) and the key, a test one.
         "--output-sanitize", "false"],
        capture_output=True, text=True, cwd=cwd, timeout=max(1, deadline - time.monotonic()))
    assert run.returncode == 0, run.stdout[-30000:] + run.stderr[-4000:]


def test_schemathesis_finds_nothing(tmp_path, monkeypatch):
    deadline = time.monotonic() + DEADLINE_S
    monkeypatch.setenv("TRIAGE_OPENAPI_MASTER_KEY", MASTER_KEY)
    proc, port = start(config(tmp_path))
    try:
        # Forcing a deployment down makes its group answer 503, as documented, which
        # not_a_server_error would count against the chat operations: that one runs last, alone.
        schemathesis(port, deadline, tmp_path, "--exclude-operation-id", "overrideDeployment")
        schemathesis(port, deadline, tmp_path, "--include-operation-id", "overrideDeployment")
        assert proc.poll() is None, "the gateway exited during the run"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
