"""SIGTERM drains the gateway: the listening socket closes at once, requests and streams in
flight finish, and the process exits; a stream longer than server.drain_timeout_ms is cut
when the drain time runs out, so shutdown is bounded."""
import json
import signal
import threading
import time
from pathlib import Path

import openai
import pytest

from test_reload import ROOT, start

SLOW_STREAM = {
    "name": "slow-stream",
    "deployments": [{
        "id": "sim-slow", "model": "sim-slow",
        "provider": {"kind": "sim", "latency": {"mean_ms": 20, "stddev_ms": 0}, "ttft_ms": 10,
                     "tokens_per_second": 20, "output_tokens": 30},
    }],
}


def config_with(tmp_path, drain_ms, output_tokens):
    config = json.loads((ROOT / "Tests/python/gateway.json").read_text())
    config["server"]["drain_timeout_ms"] = drain_ms
    group = json.loads(json.dumps(SLOW_STREAM))
    group["deployments"][0]["provider"]["output_tokens"] = output_tokens
    config["model_groups"].append(group)
    path = tmp_path / "gateway.json"
    path.write_text(json.dumps(config))
    return path


def stream_in_background(port, first_chunk):
    """Reads a slow stream in a thread; returns the thread and what it saw."""
    seen = {"content": "", "finish": None, "error": None}

    def read():
        client = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="unused", max_retries=0, timeout=30)
        try:
            stream = client.chat.completions.create(
                model="slow-stream", stream=True, messages=[{"role": "user", "content": "Tell me about rivers."}])
            for chunk in stream:
                first_chunk.set()
                if chunk.choices:
                    seen["content"] += chunk.choices[0].delta.content or ""
                    seen["finish"] = chunk.choices[0].finish_reason or seen["finish"]
        except Exception as error:  # the cut stream surfaces as whatever the SDK raises
            seen["error"] = error
        finally:
            first_chunk.set()

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, seen


def test_sigterm_lets_a_stream_in_flight_finish(tmp_path):
    proc, port = start(config_with(tmp_path, drain_ms=30_000, output_tokens=30))
    try:
        first_chunk = threading.Event()
        thread, seen = stream_in_background(port, first_chunk)
        assert first_chunk.wait(15), "the stream started"
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        # Draining: no new connections are taken.
        late = openai.OpenAI(base_url=f"http://127.0.0.1:{port}/v1", api_key="unused", max_retries=0, timeout=5)
        with pytest.raises(openai.APIConnectionError):
            late.models.list()
        thread.join(20)
        assert seen["error"] is None, seen["error"]
        assert seen["finish"] in ("stop", "length")
        assert len(seen["content"].split()) == 30, "every token of the stream arrived"
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_drain_is_bounded_by_drain_timeout(tmp_path):
    # A 15-second stream against a 500 ms drain: the gateway must not wait for it.
    proc, port = start(config_with(tmp_path, drain_ms=500, output_tokens=300))
    try:
        first_chunk = threading.Event()
        thread, seen = stream_in_background(port, first_chunk)
        assert first_chunk.wait(15), "the stream started"
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=8)
        assert time.monotonic() - signalled < 8, "shutdown ended well before the stream would have"
        thread.join(10)
        assert not thread.is_alive()
        assert seen["finish"] is None, "the stream was cut, not completed"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
