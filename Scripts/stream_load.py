#!/usr/bin/env python3
"""Opens N streaming chat completions at once against a gateway on this machine and checks
that every one ends with `data: [DONE]` and no error event.

    Scripts/stream_load.py http://127.0.0.1:4000 MODEL N [--timeout SECONDS]

Prints how many completed, the most streams open at the same moment (from the clients'
own timestamps), time to first chunk and total time (p50/p99), and exits non-zero when any
stream failed. Bounded: each stream has a timeout, and the run as a whole too.
"""
import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit

# Plain asyncio sockets rather than an HTTP library: the client must stay cheap next to the
# gateway it measures, and the SSE framing over chunked HTTP/1.1 is all it needs to read.


async def chunks(reader):
    """The decoded pieces of a chunked HTTP/1.1 body."""
    while True:
        size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
        if size == 0:
            await reader.readline()
            return
        yield await reader.readexactly(size)
        await reader.readexactly(2)


async def one_stream(host, port, model, start_gate, results, timeout, key=None):
    await start_gate.wait()
    began = time.monotonic()
    stats = {"first": None, "events": 0, "last": None, "error": None}
    body = json.dumps({"model": model, "stream": True,
                       "messages": [{"role": "user", "content": "Describe a river delta."}]}).encode()
    auth = f"Authorization: Bearer {key}\r\n" if key else ""
    head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n{auth}"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()

    async def exchange():
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(head + body)
            status = (await reader.readline()).decode()
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            if " 200 " not in status:
                stats["error"] = f"{status.strip()}: {(await reader.read(300))!r}"
                return
            pending = b""
            async for piece in chunks(reader):
                pending += piece
                *events, pending = pending.split(b"\n\n")
                for event in events:
                    if not event.startswith(b"data: "):
                        continue
                    stats["first"] = stats["first"] or time.monotonic()
                    stats["events"] += 1
                    stats["last"] = event[6:]
                    if event.startswith(b'data: {"error"'):
                        stats["error"] = "error event: " + event[:200].decode(errors="replace")
            if stats["error"] is None and stats["last"] != b"[DONE]":
                stats["error"] = f"stream ended without [DONE] after {stats['events']} events"
        finally:
            writer.close()

    try:
        await asyncio.wait_for(exchange(), timeout)
    except Exception as exc:  # a reset or timeout is a failed stream, reported below
        stats["error"] = f"{type(exc).__name__}: {exc}"
    results.append({"began": began, "ended": time.monotonic(), **stats})


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def most_at_once(results):
    """The largest number of streams open at one instant."""
    edges = sorted([(r["began"], 1) for r in results] + [(r["ended"], -1) for r in results])
    open_now = peak = 0
    for _, step in edges:
        open_now += step
        peak = max(peak, open_now)
    return peak


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url")
    parser.add_argument("model")
    parser.add_argument("count", type=int)
    parser.add_argument("--timeout", type=float, default=60.0, help="per stream, seconds")
    parser.add_argument("--key", help="API key sent as Authorization: Bearer")
    args = parser.parse_args()

    target = urlsplit(args.url)
    results = []
    start_gate = asyncio.Event()
    tasks = [asyncio.create_task(one_stream(target.hostname, target.port or 80, args.model, start_gate, results, args.timeout, args.key))
             for _ in range(args.count)]
    await asyncio.sleep(0.1)
    wall = time.monotonic()
    start_gate.set()
    await asyncio.gather(*tasks)
    wall = time.monotonic() - wall

    failed = [r for r in results if r["error"]]
    ttft = [(r["first"] - r["began"]) * 1000 for r in results if r["first"]]
    total = [(r["ended"] - r["began"]) * 1000 for r in results if not r["error"]]
    print(f"{args.count} concurrent streams: {args.count - len(failed)} completed, {len(failed)} failed, "
          f"at most {most_at_once(results)} open at once, {sum(r['events'] for r in results)} events in {wall:.1f} s")
    print(f"  first chunk p50 {percentile(ttft, 50):.0f} ms, p99 {percentile(ttft, 99):.0f} ms; "
          f"whole stream p50 {percentile(total, 50):.0f} ms, p99 {percentile(total, 99):.0f} ms")
    for r in failed[:5]:
        print("  failed:", r["error"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
