#!/usr/bin/env python3
"""The chaos suite's driver (run it through Scripts/chaos, which builds and installs first).

    Scripts/chaos.py BINARY [--phase-seconds 20] [--rate 40] [--keep DIR]

Everything runs on 127.0.0.1 and is bounded in time. Two upstream "providers" (`triage serve
--simulated`, one simulated deployment each, A and B) sit behind the gateway (`triage serve`)
which serves two groups over them:

  resilient  deployments on A and B, retries with backoff, cooldowns, TTFT and attempt timeouts,
             and a fallback group (`reserve`, on B) for whatever the group gives up on;
  bare       one deployment on A, no retries, no cooldown, no fallbacks: the same faults, seen raw.

Steady open-loop load (half streaming, half not, alternating between the groups, all with one
virtual key) runs through phases in which upstream A misbehaves; B stays healthy. A's faults
change by rewriting its config and sending it SIGHUP (the gateway's own hot reload):

  calm, 5xx burst, 429 storm (Retry-After 1 s), slow TTFT, mid-stream resets, malformed JSON,
  A dead (kill -9) then started again on its port, calm again (cooldowns close).

At the end the gateway is stopped with SIGTERM (it drains and flushes) and the suite checks, and
prints, that:
  - every request ended in a success or a structured error (an OpenAI-shaped error body, or a
    stream that carried an error event and `[DONE]`): no hang past the gateway's total timeout,
    no reset connection, no malformed answer;
  - the success rate with retries, cooldowns and fallbacks (resilient) beats the one without (bare),
    is at least 90 %, and at least 99 % for non-streaming requests (a stream cut after its first
    byte cannot be retried);
  - cooldowns opened during the faults and all closed again afterwards;
  - the request log holds exactly one row per request answered;
  - the spend ledger equals the request log's costs, request by request, and the costs reported
    in the non-streaming answers' x-triage-cost-usd headers; nothing is left reserved.
Exits 1 when a check fails.
"""
import argparse
import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from failover_load import percentile, read_body  # noqa: E402  (the drill's HTTP reading, shared)

MASTER_KEY = "sk-chaos-master-key"
TOTAL_TIMEOUT_MS = 8000
# A's misbehaviour per phase: simulated-provider settings merged over the calm ones.
PHASES = [
    ("calm", {}),
    ("5xx burst", {"faults": {"server_error": 0.4, "unavailable": 0.2}}),
    ("429 storm", {"faults": {"rate_limit": 0.9, "retry_after_s": 1}}),
    ("slow TTFT", {"latency": {"mean_ms": 2500, "stddev_ms": 100}}),
    ("mid-stream resets", {"faults": {"connection_reset": 0.3}}),
    ("malformed JSON", {"faults": {"malformed_json": 0.3}}),
    ("A dead", None),  # kill -9, started again at the phase's end
    ("recovered", {}),
]
CALM = {"latency": {"mean_ms": 15, "stddev_ms": 5}, "ttft_ms": 10, "tokens_per_second": 2000, "output_tokens": 24}


def upstream_config(deployment_id, overrides):
    provider = {"kind": "sim", **CALM, **(overrides or {})}
    # The upstream is a Triage too: without retries and cooldowns of its own, so its faults reach
    # the gateway under test raw.
    return {"server": {"host": "127.0.0.1", "drain_timeout_ms": 500},
            "model_groups": [{"name": "sim", "retry": {"max_retries": 0}, "cooldown": {"consecutive_failures": None, "error_rate": None},
                              "deployments": [{"id": deployment_id, "model": deployment_id, "provider": provider}]}]}


def gateway_config(a_port, b_port, database, cooldown_ms):
    def deployment(deployment_id, port, price):
        return {"id": deployment_id, "model": "sim",
                "provider": {"kind": "openai", "base_url": f"http://127.0.0.1:{port}/v1"},
                "timeouts": {"total_ms": TOTAL_TIMEOUT_MS, "attempt_ms": 2000, "ttft_ms": 800},
                "price": {"input_per_million": price[0], "output_per_million": price[1]}}
    cheap, dear = (0.15, 0.60), (2.50, 10.00)
    return {
        "server": {"host": "127.0.0.1", "drain_timeout_ms": 10000, "master_key": MASTER_KEY},
        "telemetry": {"path": str(database), "flush_interval_ms": 100},
        "model_groups": [
            {"name": "resilient", "strategy": "weighted",
             "deployments": [deployment("resilient-a", a_port, cheap), deployment("resilient-b", b_port, dear)],
             "retry": {"max_retries": 2, "backoff": {"initial_ms": 20, "max_ms": 200}, "retry_after_cap_ms": 500},
             "cooldown": {"consecutive_failures": 3, "error_rate": None, "duration_ms": cooldown_ms},
             "fallbacks": {"generic": ["reserve"], "rate_limit": ["reserve"]}},
            {"name": "reserve", "deployments": [deployment("reserve-b", b_port, dear)], "retry": {"max_retries": 1}},
            {"name": "bare", "deployments": [deployment("bare-a", a_port, cheap)],
             "retry": {"max_retries": 0}, "cooldown": {"consecutive_failures": None, "error_rate": None}},
        ],
    }


class Process:
    """A `triage serve` child whose stderr goes to a file; `port` is read from its start-up line."""

    def __init__(self, name, argv, log_path):
        self.name, self.argv, self.log_path = name, argv, log_path
        self.proc = None
        self.port = None

    def start(self, port=0):
        self.log = open(self.log_path, "a")
        offset = self.log.tell()
        self.proc = subprocess.Popen(self.argv + ["--port", str(port)], stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with open(self.log_path) as f:
                f.seek(offset)
                match = re.search(r"listening on 127\.0\.0\.1:(\d+)", f.read())
            if match:
                self.port = int(match.group(1))
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise SystemExit(f"chaos: {self.name} did not start; its log:\n{Path(self.log_path).read_text()[-2000:]}")

    def send(self, number):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(number)

    def stop(self, number=signal.SIGTERM, timeout=20):
        if not self.proc:
            return None
        self.send(number)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def http(port, method, path, body=None, key=MASTER_KEY, timeout=10):
    """One small synchronous request (set-up and metrics), through the standard library."""
    import http.client
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, json.dumps(body) if body is not None else None,
                           {"Content-Type": "application/json", "Authorization": f"Bearer {key}"})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def classify(status, headers, body, stream):
    """('ok' | 'error' | 'broken', detail): an answer, a structured error, or neither."""
    if status != 200:
        try:
            error = json.loads(body)["error"]
            if isinstance(error.get("message"), str) and isinstance(error.get("type"), str):
                return "error", f"{status} {error['type']}"
        except Exception:
            pass
        return "broken", f"{status} without an OpenAI error body: {body[:120]!r}"
    if not stream:
        try:
            answer = json.loads(body)
            if answer["choices"][0]["message"]["role"] == "assistant" and "usage" in answer:
                return "ok", "200"
        except Exception:
            pass
        return "broken", f"200 with a malformed completion: {body[:120]!r}"
    events = [e[6:] for e in body.split(b"\n\n") if e.startswith(b"data: ")]
    if not events or events[-1] != b"[DONE]":
        return "broken", f"stream without [DONE] after {len(events)} events"
    errors = [e for e in events[:-1] if e.startswith(b'{"error"')]
    for event in events[:-1]:
        try:
            json.loads(event)
        except ValueError:
            return "broken", f"stream event that is not JSON: {event[:80]!r}"
    if errors:
        try:
            return "error", "stream " + json.loads(errors[0])["error"]["type"]
        except Exception:
            return "broken", f"stream error event without an OpenAI error body: {errors[0][:80]!r}"
    return "ok", "200 stream"


async def one_request(port, key, group, stream, timeout, record, prompt=None):
    """Sends one chat completion and fills `record`: outcome and detail (see `classify`), status,
    request id, the reported cost (non-streaming answers) and the latency in ms."""
    prompt = prompt or f"Chaos probe {record['index']}: name a prime."
    body = json.dumps({"model": group, "stream": stream, "max_tokens": 40,
                       "messages": [{"role": "user", "content": prompt}]}).encode()
    head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {key}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()

    async def exchange():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(head + body)
            status_line = (await reader.readline()).decode(errors="replace").split()
            if len(status_line) < 2 or not status_line[1].isdigit():
                raise ConnectionError(f"bad status line {' '.join(status_line)!r}")
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode(errors="replace").partition(":")
                headers[name.strip().lower()] = value.strip()
            payload = await read_body(reader, headers)
            record["outcome"], record["detail"] = classify(int(status_line[1]), headers, payload, stream)
            record["status"] = int(status_line[1])
            record["id"] = headers.get("x-triage-request-id", "")
            record["cost"] = float(headers["x-triage-cost-usd"]) if "x-triage-cost-usd" in headers else None
            record["degraded"] = headers.get("x-triage-degraded")
        finally:
            writer.close()

    began = time.perf_counter()
    try:
        await asyncio.wait_for(exchange(), timeout)
    except asyncio.TimeoutError:
        record["outcome"], record["detail"] = "broken", f"no answer within {timeout:g} s (hung)"
    except Exception as exc:
        record["outcome"], record["detail"] = "broken", f"{type(exc).__name__}: {exc}"[:200]
    record["latency_ms"] = (time.perf_counter() - began) * 1000


async def drive(args, gateway, key, upstream_a, work):
    """Runs the phases under steady load; returns the records and the phase start times."""
    rate, phase_seconds = args.rate, args.phase_seconds
    timeout = TOTAL_TIMEOUT_MS / 1000 + 5
    records, tasks, starts = [], [], []
    start = time.perf_counter()
    per_phase = int(rate * phase_seconds)
    loop = asyncio.get_running_loop()
    for number, (name, overrides) in enumerate(PHASES):
        starts.append(time.perf_counter() - start)
        if overrides is None:
            await loop.run_in_executor(None, upstream_a.stop, signal.SIGKILL)
        else:
            (work / "upstream-a.json").write_text(json.dumps(upstream_config("sim-a", overrides)))
            upstream_a.send(signal.SIGHUP)
        print(f"[{starts[-1]:6.1f} s] phase {number}: {name}", flush=True)
        for i in range(per_phase):
            due = start + (number * phase_seconds) + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            index = len(records)
            record = {"index": index, "phase": number, "group": ("resilient", "bare")[index % 2],
                      "stream": index % 4 >= 2, "outcome": None, "detail": "", "id": "", "cost": None, "status": None}
            records.append(record)
            tasks.append(asyncio.create_task(one_request(gateway.port, key, record["group"], record["stream"], timeout, record)))
        if overrides is None:
            upstream_a.log.close()
            (work / "upstream-a.json").write_text(json.dumps(upstream_config("sim-a", {})))  # it comes back healthy
            await loop.run_in_executor(None, upstream_a.start, upstream_a.port)
            print(f"[{time.perf_counter() - start:6.1f} s] upstream A started again on port {upstream_a.port}", flush=True)
    await asyncio.wait(tasks, timeout=timeout + 5)
    for record in records:
        if record["outcome"] is None:  # cannot happen while every request has its timeout; kept honest
            record["outcome"], record["detail"] = "broken", "not finished"
    return records, starts


def metric_values(text, name):
    """{labels: value} for one metric family in Prometheus text."""
    values = {}
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            labels, _, value = line.rpartition(" ")
            values[labels[len(name):]] = float(value)
    return values


def report(records, starts, metrics_text, database, key_spend):
    failures = []
    print(f"\n== chaos: {len(records)} requests, {len(PHASES)} phases ==")
    print(f"{'phase':<18}{'from (s)':>9}  {'resilient ok':>13}{'bare ok':>9}  {'p50 ms':>7}{'p99 ms':>7}  errors (structured)")
    for number, (name, _) in enumerate(PHASES):
        rs = [r for r in records if r["phase"] == number]
        share = {g: [r for r in rs if r["group"] == g] for g in ("resilient", "bare")}
        rate = {g: 100 * sum(r["outcome"] == "ok" for r in v) / max(len(v), 1) for g, v in share.items()}
        lat = [r["latency_ms"] for r in rs if r["outcome"] == "ok"]
        errors = Counter(r["detail"] for r in rs if r["outcome"] == "error")
        print(f"{name:<18}{starts[number]:9.1f}  {rate['resilient']:12.1f}%{rate['bare']:8.1f}%  "
              f"{percentile(lat, 50):7.0f}{percentile(lat, 99):7.0f}  "
              + ", ".join(f"{d} x{n}" for d, n in errors.most_common(4)))
    overall = {}
    for group in ("resilient", "bare"):
        rs = [r for r in records if r["group"] == group]
        overall[group] = 100 * sum(r["outcome"] == "ok" for r in rs) / max(len(rs), 1)
    print(f"success rate over the run: with retries, cooldowns and fallbacks {overall['resilient']:.2f} %, "
          f"without {overall['bare']:.2f} %")
    if overall["resilient"] <= overall["bare"]:
        failures.append("the resilient group did no better than the bare one")
    # A stream cut after its first byte is never retried (the client already has part of an
    # answer), so streams lose what the resets and malformed chunks hit; whole answers lose nothing.
    whole = [r for r in records if r["group"] == "resilient" and not r["stream"]]
    whole_rate = 100 * sum(r["outcome"] == "ok" for r in whole) / max(len(whole), 1)
    print(f"resilient non-streaming requests answered: {whole_rate:.2f} %")
    if whole_rate < 99:
        failures.append(f"the resilient group answered only {whole_rate:.1f} % of non-streaming requests (want >= 99 %)")
    if overall["resilient"] < 90:
        failures.append(f"the resilient group answered only {overall['resilient']:.1f} % (want >= 90 %)")

    broken = [r for r in records if r["outcome"] == "broken"]
    slowest = max((r["latency_ms"] for r in records), default=0)
    print(f"ended in a success or a structured error: {len(records) - len(broken)}/{len(records)}; "
          f"slowest request {slowest:.0f} ms (gateway total timeout {TOTAL_TIMEOUT_MS} ms)")
    for detail, n in Counter(r["detail"] for r in broken).most_common(5):
        print(f"  BROKEN x{n}: {detail}")
    if broken:
        failures.append(f"{len(broken)} requests ended without an answer or a structured error")
    late = [r for r in records if r["latency_ms"] > TOTAL_TIMEOUT_MS + 2000]
    if late:
        failures.append(f"{len(late)} requests took longer than the total timeout plus 2 s")

    opened = metric_values(metrics_text, "triage_cooldowns_total")
    closed = metric_values(metrics_text, "triage_cooldown_recoveries_total")
    cooling = {k: v for k, v in metric_values(metrics_text, "triage_deployment_cooling").items() if v}
    print(f"cooldowns opened: {int(sum(opened.values()))} {dict((k, int(v)) for k, v in opened.items())}; "
          f"closed again: {int(sum(closed.values()))}; still cooling at the end: {len(cooling)}")
    if not opened or not closed:
        failures.append("no cooldown opened and closed")
    if cooling:
        failures.append(f"deployments still cooling after the calm phase: {sorted(cooling)}")

    answered = {r["id"] for r in records if r["id"]}
    db = sqlite3.connect(database)
    try:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        logged = {row[0]: row[1] for row in db.execute("SELECT id, cost_usd FROM requests")}
        ledger = {row[0]: (row[1], row[2]) for row in db.execute("SELECT request_id, cost_usd, state FROM spend_requests")}
    finally:
        db.close()
    print(f"request log: {len(logged)} rows for {len(answered)} requests answered; integrity_check {integrity}")
    if integrity != "ok":
        failures.append("the database failed its integrity check")
    if set(logged) != answered:
        failures.append(f"request log and answers differ: {len(answered - set(logged))} answered but not logged, "
                        f"{len(set(logged) - answered)} logged but never answered")
    log_total = sum(c or 0 for c in logged.values())
    ledger_total = sum(c for c, _ in ledger.values())
    header_ids = [r for r in records if r["cost"] is not None]
    header_total = sum(r["cost"] for r in header_ids)
    header_ledger = sum(ledger.get(r["id"], (0, ""))[0] for r in header_ids)
    mismatched = [i for i, c in logged.items() if abs((c or 0) - ledger.get(i, (0, ""))[0]) > 1e-12]
    open_rows = sum(1 for _, state in ledger.values() if state == "reserved")
    print(f"spend: ledger ${ledger_total:.8f} over {len(ledger)} rows, request log ${log_total:.8f} "
          f"({len(mismatched)} requests differ), key's spend ${key_spend:.8f}; non-streaming answers' "
          f"x-triage-cost-usd ${header_total:.8f} vs the ledger's ${header_ledger:.8f} for them; {open_rows} left reserved")
    # The headers carry 8 decimal places: each may be off by half the last one.
    if mismatched or abs(ledger_total - log_total) > 1e-9 or abs(header_total - header_ledger) > 1e-8 * max(1, len(header_ids)):
        failures.append("the spend ledger does not equal the request costs")
    if abs(key_spend - ledger_total) > 1e-9:
        failures.append("the key's spend does not equal the ledger")
    if open_rows:
        failures.append(f"{open_rows} ledger rows are still reserved")
    if ledger_total <= 0:
        failures.append("nothing was billed: the ledger check proved nothing")
    return failures


def last_resort_config(a_port, b_port, database, cooldown_ms):
    """Two groups on the same deployments, one with a cache and a last resort, one without."""
    def group(name, port_ids):
        return {"name": name, "deployments": [
                    {"id": f"{name}-{suffix}", "model": "sim", "provider": {"kind": "openai", "base_url": f"http://127.0.0.1:{port}/v1"},
                     "timeouts": {"total_ms": TOTAL_TIMEOUT_MS, "attempt_ms": 2000, "ttft_ms": 800}}
                    for suffix, port in port_ids],
                "retry": {"max_retries": 2, "backoff": {"initial_ms": 20, "max_ms": 200}},
                "cooldown": {"consecutive_failures": 3, "error_rate": None, "duration_ms": cooldown_ms}}
    upstreams = [("a", a_port), ("b", b_port)]
    degradable = {**group("degradable", upstreams),
                  # A TTL shorter than the outage, so most cached answers are served stale.
                  "cache": {"ttl_ms": 1000, "max_entries": 1000},
                  "last_resort": {"cache": True, "static_answer": "The service is degraded; please retry later."}}
    return {"server": {"host": "127.0.0.1", "drain_timeout_ms": 2000, "master_key": MASTER_KEY},
            "telemetry": {"path": str(database), "flush_interval_ms": 100},
            "model_groups": [degradable, group("plain", upstreams)]}


async def drive_last_resort(args, gateway, upstreams):
    """Warm-up with both upstreams up, then both killed; returns the records of the outage."""
    timeout = TOTAL_TIMEOUT_MS / 1000 + 5
    loop = asyncio.get_running_loop()
    pool = 12  # prompts the warm-up repeats, so each is cached before the outage
    records, tasks = [], []
    start = time.perf_counter()
    phases = [("both up", max(1.0, args.phase_seconds / 2)), ("both dead", args.phase_seconds)]
    offset = 0.0
    for number, (name, seconds) in enumerate(phases):
        if name == "both dead":
            for upstream in upstreams:
                await loop.run_in_executor(None, upstream.stop, signal.SIGKILL)
        print(f"[{time.perf_counter() - start:6.1f} s] last resort: {name}", flush=True)
        for i in range(int(args.rate * seconds)):
            due = start + offset + i / args.rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            index = len(records)
            # Each group's whole and streamed requests ask the same pool prompt in turn; during the
            # outage one in four asks something never cached (whole and streamed, in both groups).
            novel = number == 1 and index % 16 in (0, 1, 14, 15)
            prompt = f"Chaos novel {index}: name a prime." if novel else f"Chaos pool {(index // 4) % pool}: name a prime."
            record = {"index": index, "phase": number, "group": ("degradable", "plain")[index % 2], "novel": novel,
                      "stream": index % 4 >= 2, "outcome": None, "detail": "", "id": "", "cost": None, "status": None, "degraded": None}
            records.append(record)
            tasks.append(asyncio.create_task(one_request(gateway.port, MASTER_KEY, record["group"], record["stream"], timeout, record, prompt)))
        offset += seconds
    await asyncio.wait(tasks, timeout=timeout + 5)
    for record in records:
        if record["outcome"] is None:
            record["outcome"], record["detail"] = "broken", "not finished"
    return [r for r in records if r["phase"] == 1]


def report_last_resort(records):
    failures = []
    print(f"\n== last resort: {len(records)} requests with both upstreams down ==")
    rates = {}
    for group in ("degradable", "plain"):
        rs = [r for r in records if r["group"] == group]
        fives = sum(1 for r in rs if (r["status"] or 0) >= 500)
        rates[group] = 100 * fives / max(len(rs), 1)
        degraded = Counter(r["degraded"] for r in rs if r["degraded"])
        broken = sum(1 for r in rs if r["outcome"] == "broken")
        print(f"{group:<11} 5xx rate {rates[group]:6.2f} % of {len(rs)}; degraded answers "
              f"{dict(degraded) or 0}; broken {broken}")
        if broken:
            failures.append(f"{broken} {group} requests ended without an answer or a structured error")
    print(f"5xx rate with both upstreams down: last resort on {rates['degradable']:.2f} %, off {rates['plain']:.2f} %")
    if rates["degradable"] > 0:
        failures.append(f"the degradable group still answered {rates['degradable']:.1f} % with a 5xx")
    if rates["plain"] < 90:
        failures.append(f"the plain group answered only {rates['plain']:.1f} % with a 5xx: the outage proved nothing")
    answered = [r for r in records if r["group"] == "degradable"]
    if not any(r["degraded"] == "cache" for r in answered) or not any(r["degraded"] == "static" for r in answered):
        failures.append("the degradable group did not serve both cached and static degraded answers")
    if any(r["degraded"] != "static" for r in answered if r["novel"]):
        failures.append("a never-cached prompt got something other than the static answer")
    return failures


def run_last_resort(args, binary, work, upstream_a, upstream_b, processes, cooldown_ms):
    """The second gateway, over upstreams that must be running; kills both."""
    database = work / "last-resort.db"
    (work / "last-resort.json").write_text(json.dumps(last_resort_config(upstream_a.port, upstream_b.port, database, cooldown_ms)))
    gateway = Process("last-resort gateway", [binary, "serve", "--config", str(work / "last-resort.json")], work / "last-resort.log")
    processes.append(gateway)
    gateway.start()
    records = asyncio.run(drive_last_resort(args, gateway, [upstream_a, upstream_b]))
    failures = report_last_resort(records)
    exit_status = gateway.stop(signal.SIGTERM)
    if exit_status != 0:
        failures.append(f"the last-resort gateway exited with status {exit_status} after SIGTERM")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--phase-seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=40.0, help="requests per second")
    parser.add_argument("--keep", help="keep the logs and the database in this directory")
    parser.add_argument("--last-resort-only", action="store_true", help="run only the last-resort comparison")
    args = parser.parse_args()
    if not (1 <= args.phase_seconds <= 60 and 1 <= args.rate <= 500):
        parser.error("need 1 <= --phase-seconds <= 60 and 1 <= --rate <= 500")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="triage-chaos-"))
    work.mkdir(parents=True, exist_ok=True)
    binary = str(Path(args.binary).resolve())
    # A cooldown shorter than a phase, so cooldowns open in a fault phase and close in the next calm one.
    cooldown_ms = int(min(5000, args.phase_seconds * 1000 / 3))
    processes = []
    try:
        for name in ("a", "b"):
            (work / f"upstream-{name}.json").write_text(json.dumps(upstream_config(f"sim-{name}", {})))
        upstream_a = Process("upstream A", [binary, "serve", "--simulated", "--config", str(work / "upstream-a.json")], work / "upstream-a.log")
        upstream_b = Process("upstream B", [binary, "serve", "--simulated", "--config", str(work / "upstream-b.json")], work / "upstream-b.log")
        processes += [upstream_a, upstream_b]
        upstream_a.start()
        upstream_b.start()
        if args.last_resort_only:
            failures = run_last_resort(args, binary, work, upstream_a, upstream_b, processes, cooldown_ms)
            return finish(failures)
        database = work / "triage.db"
        (work / "gateway.json").write_text(json.dumps(gateway_config(upstream_a.port, upstream_b.port, database, cooldown_ms)))
        gateway = Process("gateway", [binary, "serve", "--config", str(work / "gateway.json")], work / "gateway.log")
        processes.append(gateway)
        gateway.start()
        status, text = http(gateway.port, "POST", "/key/generate", {"key_alias": "chaos", "max_budget": 1000})
        if status != 200:
            raise SystemExit(f"chaos: /key/generate answered {status}: {text}")
        key = json.loads(text)["key"]
        print(f"upstream A :{upstream_a.port}, upstream B :{upstream_b.port}, gateway :{gateway.port}; "
              f"{args.rate:g} requests/s, {args.phase_seconds:g} s per phase, cooldown {cooldown_ms} ms; work in {work}", flush=True)

        records, starts = asyncio.run(drive(args, gateway, key, upstream_a, work))
        _, metrics_text = http(gateway.port, "GET", "/metrics")
        _, info = http(gateway.port, "GET", "/key/info?key=" + key)
        key_spend = float(json.loads(info)["info"]["spend"])
        exit_status = gateway.stop(signal.SIGTERM)
        if exit_status != 0:
            print(f"chaos: the gateway exited with {exit_status} on SIGTERM", file=sys.stderr)
        reloads = Path(work / "upstream-a.log").read_text().count("reloaded")
        print(f"upstream A took {reloads} fault changes by SIGHUP")
        failures = report(records, starts, metrics_text, database, key_spend)
        if exit_status != 0:
            failures.append(f"the gateway exited with status {exit_status} after SIGTERM")
        if reloads < sum(1 for _, o in PHASES if o is not None) - 1:
            failures.append("upstream A did not take every fault change")
        failures += run_last_resort(args, binary, work, upstream_a, upstream_b, processes, cooldown_ms)
    finally:
        for process in processes:
            process.stop(signal.SIGKILL, timeout=5)
        if not args.keep:
            subprocess.run(["rm", "-rf", str(work)])
    return finish(failures)


def finish(failures):
    if failures:
        print("\nCHAOS FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nchaos: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
