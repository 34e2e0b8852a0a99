#!/usr/bin/env python3
"""Steady chat-completion load against a gateway on this machine, for the failover drill
(Scripts/failover), and the drill's report.

    Scripts/failover_load.py http://127.0.0.1:4000 MODEL [--rate 100] [--duration 60]
        [--concurrency 256] [--timeout 10] [--start-file FILE] [--events FILE] [--records FILE]

Sends non-streaming POST /v1/chat/completions at a fixed rate (open loop: request i is due at
i / rate seconds), at most --concurrency at once, for --duration seconds, and records for each
request its send time, status, latency and the `x-triage-model` and `x-triage-attempts`
response headers.

--start-file: the wall-clock time (Unix seconds) the load started is written there as soon as
the first request is due, so the driver can time its faults against it.
--events: read once the load is over; lines `NAME UNIX_SECONDS` written by the driver. `kill`
(upstream A killed) and `restart` (upstream A started again) split the run into three phases
by each request's send time: before < kill <= during < restart <= after. `ready` (A answers its
health probe again) is reported if present. Without the file, or without those lines, the
report has a single phase.
--records: every request as CSV, for a closer look.

Bounded: each request has a timeout, the run stops scheduling after --duration and waits at most
--timeout more for what is in flight.
"""
import argparse
import asyncio
import csv
import json
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

# Plain asyncio sockets rather than an HTTP library, as in Scripts/stream_load.py: the client
# must stay cheap next to the gateway it measures, and HTTP/1.1 with Connection: close is all
# it needs.


async def read_body(reader, headers):
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                await reader.readline()
                return body
            body += await reader.readexactly(size)
            await reader.readexactly(2)
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return await reader.read()  # Connection: close: the body runs to the end of the stream


async def one_request(host, port, head_and_body, timeout, record):
    async def exchange():
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(head_and_body)
            status_line = (await reader.readline()).decode(errors="replace")
            parts = status_line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                raise ConnectionError(f"bad status line {status_line.strip()!r}")
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode(errors="replace").partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await read_body(reader, headers)
            record["status"] = int(parts[1])
            record["model"] = headers.get("x-triage-model", "")
            record["attempts"] = headers.get("x-triage-attempts", "")
            if record["status"] >= 300:
                try:
                    record["error"] = json.loads(body)["error"]["message"][:300]
                except Exception:
                    record["error"] = body[:300].decode(errors="replace")
        finally:
            writer.close()

    began = time.perf_counter()
    record["sent"] = time.time()
    try:
        await asyncio.wait_for(exchange(), timeout)
    except Exception as exc:  # refused, reset or timed out: no HTTP status, reported by kind
        record["status"] = 0
        record["error"] = f"{type(exc).__name__}: {exc}"[:300]
    record["latency_ms"] = (time.perf_counter() - began) * 1000
    record["ended"] = time.time()


async def run_load(args):
    target = urlsplit(args.url)
    host, port = target.hostname, target.port or 80
    body = json.dumps({"model": args.model, "max_tokens": 20,
                       "messages": [{"role": "user", "content": "Name one river in Europe."}]}).encode()
    request = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    count = int(args.duration * args.rate)
    slots = asyncio.Semaphore(args.concurrency)
    records, tasks = [], []

    async def guarded(record):
        try:
            await one_request(host, port, request, args.timeout, record)
        finally:
            slots.release()

    start_wall = time.time()
    start = time.perf_counter()
    if args.start_file:
        with open(args.start_file, "w") as f:
            f.write(f"{start_wall:.6f}\n")
    for i in range(count):
        due = start + i / args.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await slots.acquire()  # at most --concurrency in flight; a full pool delays the send
        record = {"index": i, "due": due - start, "late_ms": max(0.0, (time.perf_counter() - due) * 1000),
                  "sent": time.time(), "status": None, "model": "", "attempts": "", "error": ""}
        records.append(record)
        tasks.append(asyncio.create_task(guarded(record)))
    if tasks:
        await asyncio.wait(tasks, timeout=args.timeout + 5)
    for task in tasks:
        task.cancel()
    for record in records:
        if record["status"] is None:  # cannot happen while every request has its timeout; kept honest
            record.update(status=0, error="not finished", latency_ms=float("nan"), ended=time.time())
    return start_wall, records


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def read_events(path):
    events = {}
    if not path:
        return events
    try:
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 2:
                    events[parts[0]] = float(parts[1])
    except OSError as exc:
        print(f"  (no events: {exc})")
    return events


def ms(value):
    return "   n/a" if value != value else f"{value:6.0f}"


def report(args, start_wall, records, events):
    rel = {name: t - start_wall for name, t in events.items()}
    total = len(records)
    ok = [r for r in records if 200 <= r["status"] < 300]
    errors = Counter(r["status"] for r in records if not 200 <= r["status"] < 300)
    print(f"\n== failover drill: {total} requests to model {args.model!r} at {args.rate:g}/s for {args.duration:g} s ==")
    for name, label in (("kill", "upstream A killed (kill -9)"), ("restart", "upstream A restarted"),
                        ("ready", "upstream A answering its health probe")):
        if name in rel:
            print(f"  {rel[name]:6.2f} s  {label}")
    late = [r for r in records if r["late_ms"] > 100]
    if late:
        print(f"  note: {len(late)} requests were sent more than 100 ms after their due time "
              f"(concurrency limit {args.concurrency} or a busy client)")
    print(f"success rate: {len(ok)}/{total} = {100 * len(ok) / max(total, 1):.2f} % 2xx")
    if errors:
        print("errors: " + ", ".join(f"{'no HTTP response' if s == 0 else s}: {n}" for s, n in sorted(errors.items())))
        for status in sorted(errors):
            causes = Counter(r["error"] for r in records if r["status"] == status)
            for cause, n in causes.most_common(3):
                print(f"  {status or 'client'} x{n}: {cause}")
    retried = [r for r in records if r["attempts"].isdigit() and int(r["attempts"]) > 1]
    print(f"requests with x-triage-attempts > 1: {len(retried)}"
          + (f" (attempts seen: {dict(sorted(Counter(r['attempts'] for r in records).items()))})" if records else ""))
    missing = sum(1 for r in records if r["status"] and not r["model"])
    if missing:
        print(f"  note: {missing} HTTP responses carried no x-triage-model header")

    if "kill" in rel and "restart" in rel:
        phases = [("before", lambda t: t < rel["kill"]),
                  ("during", lambda t: rel["kill"] <= t < rel["restart"]),
                  ("after", lambda t: t >= rel["restart"])]
    else:
        phases = [("all", lambda t: True)]
    deployments = sorted({r["model"] for r in ok if r["model"]})
    print("\nphase by send time; latency of 2xx answers (ms); share of the phase's requests answered by each deployment")
    header = f"{'phase':<7}{'window (s)':>14}{'requests':>9}{'2xx':>7}{'errors':>7}{'tries>1':>8}{'p50':>7}{'p99':>7}  "
    print(header + "  ".join(f"{d:>8}" for d in deployments) + f"  {'no answer':>9}")
    p99 = {}
    for name, test in phases:
        rs = [r for r in records if test(r["sent"] - start_wall)]
        good = [r for r in rs if 200 <= r["status"] < 300]
        lat = [r["latency_ms"] for r in good]
        p99[name] = percentile(lat, 99)
        window = (f"{min(r['sent'] for r in rs) - start_wall:5.1f}-{max(r['sent'] for r in rs) - start_wall:5.1f}"
                  if rs else "-")
        tries = sum(1 for r in rs if r["attempts"].isdigit() and int(r["attempts"]) > 1)
        by = Counter(r["model"] for r in good)
        shares = "  ".join(f"{100 * by[d] / max(len(rs), 1):7.1f}%" for d in deployments)
        print(f"{name:<7}{window:>14}{len(rs):>9}{len(good):>7}{len(rs) - len(good):>7}{tries:>8}"
              f"{ms(percentile(lat, 50)):>7}{ms(p99[name]):>7}  {shares}  {100 * (len(rs) - len(good)) / max(len(rs), 1):8.1f}%")
    if "before" in p99:
        added = p99["during"] - p99["before"]
        print("added p99 during the outage (during - before): "
              + ("n/a (a phase has no 2xx answer)" if added != added else f"{added:+.0f} ms"))
    if "restart" in rel:
        back = [r for r in ok if r["model"] == args.recovered and r["ended"] >= events["restart"]]
        if back:
            first = min(back, key=lambda r: r["ended"])
            print(f"recovered deployment takes traffic again after {first['ended'] - events['restart']:.2f} s "
                  f"(first {args.recovered} answer after the restart, sent at {first['sent'] - start_wall:.2f} s"
                  + (f"; A was ready {events['ready'] - events['restart']:.2f} s after the restart)" if "ready" in events else ")"))
        else:
            print(f"recovered deployment takes traffic again after: never ({args.recovered} answered nothing "
                  f"in the {args.duration - rel['restart']:.0f} s after the restart)")
        stale = [r for r in ok if r["model"] == args.recovered
                 and rel.get("kill", rel["restart"]) + 0.5 <= r["sent"] - start_wall < rel["restart"]]
        if stale:
            print(f"  WARNING: {len(stale)} requests sent during the outage were answered by {args.recovered}: "
                  f"the kill did not take it down")
            return False
    return True


def timeline(args, start_wall, records, step=5.0):
    """Every `step` seconds of send time: requests, errors, retried, latency and who answered."""
    deployments = sorted({r["model"] for r in records if 200 <= r["status"] < 300 and r["model"]})
    print(f"\ntimeline by send time ({step:g} s buckets; latency of 2xx answers, ms)")
    print(f"{'from (s)':>8}{'requests':>9}{'errors':>7}{'tries>1':>8}{'p50':>7}{'p99':>7}  " + "  ".join(f"{d:>8}" for d in deployments))
    buckets, last = {}, max(0, int(args.duration // step) - 1 if args.duration % step == 0 else int(args.duration // step))
    for r in records:  # a send that slipped past the end counts in the last bucket
        buckets.setdefault(min(last, int((r["sent"] - start_wall) // step)), []).append(r)
    for b in sorted(buckets):
        rs = buckets[b]
        good = [r for r in rs if 200 <= r["status"] < 300]
        lat = [r["latency_ms"] for r in good]
        tries = sum(1 for r in rs if r["attempts"].isdigit() and int(r["attempts"]) > 1)
        by = Counter(r["model"] for r in good)
        print(f"{b * step:8.0f}{len(rs):>9}{len(rs) - len(good):>7}{tries:>8}{ms(percentile(lat, 50)):>7}{ms(percentile(lat, 99)):>7}  "
              + "  ".join(f"{100 * by[d] / len(rs):7.1f}%" for d in deployments))


def write_records(path, start_wall, records):
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["index", "sent_s", "late_ms", "status", "latency_ms", "x_triage_model", "x_triage_attempts", "error"])
        for r in records:
            out.writerow([r["index"], f"{r['sent'] - start_wall:.4f}", f"{r['late_ms']:.1f}", r["status"],
                          f"{r['latency_ms']:.2f}", r["model"], r["attempts"], r["error"]])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("model")
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--concurrency", type=int, default=256, help="most requests in flight at once")
    parser.add_argument("--timeout", type=float, default=10.0, help="per request, seconds")
    parser.add_argument("--start-file")
    parser.add_argument("--events")
    parser.add_argument("--records")
    parser.add_argument("--recovered", default="up-a", help="the deployment whose return is timed")
    args = parser.parse_args()
    if args.rate <= 0 or args.duration <= 0 or args.concurrency <= 0 or args.timeout <= 0:
        parser.error("--rate, --duration, --concurrency and --timeout must be positive")
    if args.rate * args.duration > 100_000:
        parser.error("at most 100,000 requests per run")
    start_wall, records = asyncio.run(run_load(args))
    if args.records:
        write_records(args.records, start_wall, records)
    sound = report(args, start_wall, records, read_events(args.events))
    timeline(args, start_wall, records)
    return 0 if records and sound else 1


if __name__ == "__main__":
    sys.exit(main())
