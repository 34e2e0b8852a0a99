"""The official openai Python SDK against a live Triage gateway on 127.0.0.1.

Starts `triage serve` on port 0 with Tests/python/gateway.json (simulated tiers only, so no
traffic leaves the machine), reads the bound port from its start-up line, and checks what a
real client sees: completions, streams, and each error status as the SDK's typed exception.
"""
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import openai
import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("TRIAGE_BINARY", ROOT / ".build" / "debug" / "triage"))


@pytest.fixture(scope="module")
def gateway():
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing: run `swift build` first")
    proc = subprocess.Popen(
        [str(BINARY), "serve", "--simulated", "--config", str(ROOT / "Tests/python/gateway.json"), "--port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    port = None
    deadline = time.monotonic() + 30
    while port is None and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        match = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if match:
            port = int(match.group(1))
    if port is None:
        proc.kill()
        pytest.fail("the gateway did not report its port within 30 s")
    yield f"http://127.0.0.1:{port}/v1"
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the gateway did not stop within 10 s of SIGTERM")


@pytest.fixture()
def client(gateway):
    # No client-side retries: each test sees the gateway's first answer.
    return openai.OpenAI(base_url=gateway, api_key="sk-unused", max_retries=0, timeout=20)


def test_completion(client):
    raw = client.chat.completions.with_raw_response.create(
        model="cheap", messages=[{"role": "user", "content": "What is the boiling point of water?"}])
    completion = raw.parse()
    assert completion.object == "chat.completion"
    assert completion.choices[0].message.role == "assistant"
    assert completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"
    assert completion.usage.completion_tokens > 0
    assert raw.headers["x-triage-model"] == "sim-cheap"
    assert float(raw.headers["x-triage-cost-usd"]) > 0


def test_stream_with_usage(client):
    stream = client.chat.completions.create(
        model="frontier", stream=True, stream_options={"include_usage": True},
        messages=[{"role": "user", "content": "Explain why the sea is salty."}])
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert len(chunks) > 3
    assert text.startswith("The answer") or text.startswith("I'm not sure")
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens > 0
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    assert finishes == ["stop"]


def test_extra_fields_are_accepted(client):
    completion = client.chat.completions.create(
        model="cheap", messages=[{"role": "user", "content": "hi"}], extra_body={"vendor_knob": {"a": 1}},
        temperature=0.3, max_tokens=50, user="u-1")
    assert completion.choices[0].message.content


def test_models(client):
    ids = {m.id for m in client.models.list()}
    assert {"cheap", "frontier"} <= ids


def test_unknown_model_is_not_found(client):
    with pytest.raises(openai.NotFoundError) as info:
        client.chat.completions.create(model="gpt-9", messages=[{"role": "user", "content": "hi"}])
    assert info.value.status_code == 404
    assert "gpt-9" in str(info.value)


def test_bad_request_names_the_field(client):
    with pytest.raises(openai.BadRequestError) as info:
        client.chat.completions.create(model="cheap", messages=[{"role": "wizard", "content": "hi"}])
    assert "messages[0].role" in str(info.value)


def test_body_too_large(client):
    with pytest.raises(openai.APIStatusError) as info:
        client.chat.completions.create(model="cheap", messages=[{"role": "user", "content": "x" * 100_000}])
    assert info.value.status_code == 413


def test_rate_limit_carries_retry_after(client):
    with pytest.raises(openai.RateLimitError) as info:
        client.chat.completions.create(model="always-429", messages=[{"role": "user", "content": "hi"}])
    assert info.value.response.headers["retry-after"] == "7"


def test_upstream_failure_is_a_server_error(client):
    with pytest.raises(openai.InternalServerError) as info:
        client.chat.completions.create(model="always-500", messages=[{"role": "user", "content": "hi"}])
    assert info.value.status_code == 502
    assert "sim-500" in str(info.value)


def test_embeddings(client):
    # The SDK asks for base64 unless told otherwise and decodes it back to floats.
    resp = client.embeddings.create(model="embeddings", input=["the cat sat", "on the mat", "the cat sat"])
    assert [d.index for d in resp.data] == [0, 1, 2]
    assert len(resp.data[0].embedding) == 64
    assert abs(sum(x * x for x in resp.data[0].embedding) - 1) < 1e-4
    assert resp.data[0].embedding == resp.data[2].embedding
    assert resp.usage.prompt_tokens > 0
    floats = client.embeddings.create(model="embeddings", input="the cat sat", encoding_format="float", dimensions=16)
    assert len(floats.data[0].embedding) == 16
    with pytest.raises(openai.BadRequestError):
        client.embeddings.create(model="cheap", input="hi")




def test_routed_models_are_listed(client):
    ids = {m.id for m in client.models.list()}
    assert {"triage/auto", "triage/cascade", "cheap", "frontier"} <= ids


@pytest.mark.parametrize("threshold, group", [(0.0, "frontier"), (1.0, "cheap")])
def test_routing_override_through_extra_body(client, threshold, group):
    raw = client.chat.completions.with_raw_response.create(
        model="triage/auto", messages=[{"role": "user", "content": "Prove that the square root of 2 is irrational."}],
        extra_body={"triage": {"threshold": threshold}})
    assert raw.parse().choices[0].message.content
    route = raw.headers["x-triage-route"]
    assert route.startswith(group + ";score="), route
    assert f"threshold={threshold:.4f}" in route
    assert raw.headers["x-triage-model"] == "sim-" + group


def test_a_bad_routing_override_is_a_bad_request(client):
    with pytest.raises(openai.BadRequestError) as error:
        client.chat.completions.create(
            model="triage/auto", messages=[{"role": "user", "content": "hi"}], extra_body={"triage": {"threshold": 2}})
    assert error.value.status_code == 400
    assert error.value.body["param"] == "triage.threshold"


def test_a_streamed_cascade_escalates_and_streams(client):
    with client.chat.completions.with_streaming_response.create(
            model="triage/cascade", stream=True, messages=[{"role": "user", "content": "What is 6 * 7?"}]) as response:
        assert response.headers["x-triage-cascade"].endswith("frontier;final")
        text = "".join(chunk.choices[0].delta.content or "" for chunk in response.parse() if chunk.choices)
    assert text


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
