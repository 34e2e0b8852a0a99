"""With server.master_key set, the openai SDK gets AuthenticationError without the key or with
a wrong one, and answers with the right one."""
import json

import openai
import pytest

from test_reload import ROOT, start


def test_master_key_is_required(tmp_path, monkeypatch):
    monkeypatch.setenv("TRIAGE_TEST_MASTER_KEY", "sk-master-test-4f1c")
    config = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    config["server"]["master_key"] = "env:TRIAGE_TEST_MASTER_KEY"
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(config))
    proc, port = start(path)
    try:
        base = f"http://127.0.0.1:{port}/v1"
        messages = [{"role": "user", "content": "hi"}]
        wrong = openai.OpenAI(base_url=base, api_key="sk-wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError) as refused:
            wrong.chat.completions.create(model="cheap", messages=messages)
        assert refused.value.code == "invalid_api_key"
        assert "sk-wrong" not in str(refused.value)
        right = openai.OpenAI(base_url=base, api_key="sk-master-test-4f1c", max_retries=0)
        assert right.chat.completions.create(model="cheap", messages=messages).choices
    finally:
        proc.terminate()
        proc.wait(timeout=10)
