"""The learning loop end to end with the real binary: a learning routed model serves traffic
through the openai SDK, feedback arrives through POST /v1/feedback, `triage replay` estimates
other policies from the request log's propensities, and `triage train --from-db` retrains a
router from the log."""
import json
import subprocess

import openai

from test_reload import BINARY, ROOT, start

PROMPTS = [
    "What is the capital of France?", "Prove that there are infinitely many primes.",
    "Write a Python function that merges two sorted lists.", "Translate 'good morning' into Spanish.",
    "Calculate the integral of x^2 sin(x).", "Summarise the causes of the First World War.",
]


def test_feedback_then_replay(tmp_path):
    config = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    db = tmp_path / "triage.db"
    config["telemetry"] = {"path": str(db), "flush_interval_ms": 20}
    config["feedback_metrics"] = [{"name": "thumbs_up", "type": "boolean"}]
    config["routed_models"].append({
        "name": "triage/learn", "router": "Models/router.triage",
        "candidates": [{"group": "cheap", "head": "mistralai/Mixtral-8x7B-Instruct-v0.1"},
                       {"group": "frontier", "head": "gpt-4-1106-preview"}],
        "policy": {"kind": "cost_aware", "lambda": 10},
        "learning": {"metric": "thumbs_up", "lambda": 10, "exploration": {"max_share": 0.5, "max_usd_per_day": 10}},
    })
    config_path = tmp_path / "gateway.json"
    config_path.write_text(json.dumps(config))
    proc, port = start(config_path)
    try:
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="unused", max_retries=0)
        for i in range(60):
            raw = client.chat.completions.with_raw_response.create(
                model="triage/learn", messages=[{"role": "user", "content": f"{PROMPTS[i % len(PROMPTS)]} ({i})"}])
            group = raw.headers["x-triage-route"].split(";")[0]
            response = client.post("/feedback", cast_to=object, body={
                "request_id": raw.headers["x-triage-request-id"], "metric": "thumbs_up", "value": group == "frontier"})
            assert "feedback_id" in response
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    def replay(*args):
        result = subprocess.run([str(BINARY), "replay", "--db", str(db), "--metric", "thumbs_up", "--json", *args],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    always_frontier = replay("--threshold", "0")
    assert always_frontier["requests"] == 60
    for name in ("ips", "snips", "dr"):
        estimate = always_frontier[name]
        assert estimate["lower"] <= estimate["value"] <= estimate["upper"]
    # Feedback said frontier's answers were good: sending everything there scores above the log.
    assert always_frontier["snips"]["value"] >= always_frontier["logged_mean_reward"]
    cost_aware = replay("--lambda", "0")
    assert cost_aware["requests"] == 60
    rescored = replay("--model", "Models/router.triage", "--strong", "gpt-4-1106-preview",
                      "--weak", "mistralai/Mixtral-8x7B-Instruct-v0.1")
    assert rescored["requests"] == 60 and rescored["policy"] == "strong_win ≥ 0.5"

    # Retraining from the log: the logged features, one outcome per request (the answering model's).
    model = tmp_path / "retrained.triage"
    recipe = (ROOT / "Models/router.recipe").read_text().split()
    trained = subprocess.run([str(BINARY), "train", "--from-db", str(db), "--metric", "thumbs_up", "--out", str(model),
                              *recipe, "--epochs", "1"], capture_output=True, text=True, timeout=300)
    assert trained.returncode == 0, trained.stderr
    assert "60 logged requests" in trained.stderr
    inspected = subprocess.run([str(BINARY), "inspect", str(model)], capture_output=True, text=True, timeout=60)
    assert inspected.returncode == 0 and "gpt-4-1106-preview" in inspected.stdout + inspected.stderr

    missing = subprocess.run([str(BINARY), "replay", "--db", str(tmp_path / "nope.db"), "--threshold", "0.5"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and "nope.db" in missing.stderr
