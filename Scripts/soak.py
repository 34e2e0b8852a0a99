#!/usr/bin/env python3
"""The soak test's driver (run it through Scripts/soak, which builds the release binary first).

    Scripts/soak.py BINARY [--seconds 600] [--rate 150] [--warmup 60] [--out DIR]

One gateway on 127.0.0.1 (simulated tiers `cheap` and `frontier`, the learned router
`triage/auto` over them with the shipped model, the cascade `triage/cascade`, a master key and the
request log and ledger in a temporary SQLite file) under steady open-loop mixed load for
--seconds: streaming and not, direct, routed and cascaded, with prompts of varied length.

Every 10 s it samples the gateway's resident memory (VmRSS) and open file descriptors from
/proc, and the latency of the requests sent in that window. It prints a line per minute and a
summary, and checks, after the warm-up:
  - RSS growth (last sample over the first after warm-up) under 10 %;
  - no file-descriptor growth (the last window's median within 8 of the first window's after
    the warm-up; windows are minutes, or 10 s in a run under four minutes);
  - p99 stable (the last window's within 1.5 x the first window's, or 20 ms);
  - every request ended in a success or a structured error, and 99.9 % succeeded.
--out writes the samples (soak.csv) and the RSS curve (rss.svg) there. Exits 1 when a check fails.
"""
import argparse
import asyncio
import csv
import json
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chaos import Process, http, one_request  # noqa: E402  (the chaos suite's client and process handling)
from failover_load import percentile  # noqa: E402

MASTER_KEY = "sk-soak-master-key"
ROOT = Path(__file__).resolve().parents[1]
# (model, stream, share of the traffic)
MIX = [("cheap", False, 0.25), ("cheap", True, 0.15), ("frontier", False, 0.05), ("triage/auto", False, 0.25),
       ("triage/auto", True, 0.10), ("triage/cascade", False, 0.20)]
TOPICS = ["the boiling point of water", "why leaves change colour in autumn", "the proof that there are infinitely many primes",
          "how a transistor amplifies", "a haiku about the sea", "the causes of the French revolution",
          "the derivative of x^x", "how vaccines train the immune system", "what a hash table is"]


def config(database):
    def sim(deployment_id, mean_ms, ttft_ms, tps, price, base):
        return {"id": deployment_id, "model": deployment_id,
                "provider": {"kind": "sim", "latency": {"mean_ms": mean_ms, "stddev_ms": mean_ms // 4}, "ttft_ms": ttft_ms,
                             "tokens_per_second": tps, "output_tokens": 60, "quality": {"base": base, "difficulty_sensitivity": 0.5}},
                "price": {"input_per_million": price[0], "output_per_million": price[1]}}
    candidates = [{"group": "cheap", "head": "mistralai/Mixtral-8x7B-Instruct-v0.1"}, {"group": "frontier", "head": "gpt-4-1106-preview"}]
    return {
        "server": {"host": "127.0.0.1", "master_key": MASTER_KEY, "drain_timeout_ms": 5000},
        "telemetry": {"path": str(database)},
        "model_groups": [
            {"name": "cheap", "deployments": [sim("soak-cheap", 20, 10, 2000, (0.15, 0.6), 0.7)]},
            {"name": "frontier", "deployments": [sim("soak-frontier", 40, 20, 1000, (2.5, 10), 0.95)]},
        ],
        "routed_models": [
            {"name": "triage/auto", "router": str(ROOT / "Models/router.triage"), "candidates": candidates,
             "policy": {"kind": "threshold", "threshold": 0.5}},
            {"name": "triage/cascade", "candidates": [{"group": "cheap"}, {"group": "frontier"}],
             "cascade": {"verifier": "heuristic", "thresholds": [0.6]}},
        ],
    }


def sample(pid):
    """(resident memory in MiB, open file descriptors) of `pid`."""
    with open(f"/proc/{pid}/status") as f:
        rss_kib = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return rss_kib / 1024, len(os.listdir(f"/proc/{pid}/fd"))


async def drive(args, port, key, pid):
    records, samples, tasks = [], [], []
    weights = [share for _, _, share in MIX]
    start = time.perf_counter()
    count = int(args.seconds * args.rate)
    next_sample = start
    # A fixed, evenly spread sequence instead of random draws: the same mix in every window.
    slots = [i for i, w in enumerate(weights) for _ in range(round(w * 20))]
    for i in range(count):
        due = start + i / args.rate
        now = time.perf_counter()
        if now >= next_sample:
            rss, fds = sample(pid)
            samples.append({"t": now - start, "rss_mib": rss, "fds": fds})
            next_sample += 10
        if due > now:
            await asyncio.sleep(due - now)
        model, stream, _ = MIX[slots[i % len(slots)]]
        topic = TOPICS[i % len(TOPICS)]
        prompt = f"Request {i}: explain {topic}." + " Be thorough and give an example." * (i % 7)
        record = {"index": i, "sent": time.perf_counter() - start, "model": model, "stream": stream,
                  "outcome": None, "detail": "", "id": "", "cost": None, "status": None}
        records.append(record)
        tasks.append(asyncio.create_task(one_request(port, key, model, stream, 30, record, prompt)))
        if len(tasks) > 2000:  # keep the task list bounded over a long run
            tasks = [t for t in tasks if not t.done()]
    await asyncio.wait(tasks, timeout=35)
    rss, fds = sample(pid)
    samples.append({"t": time.perf_counter() - start, "rss_mib": rss, "fds": fds})
    for record in records:
        if record["outcome"] is None:
            record["outcome"], record["detail"] = "broken", "not finished"
    return records, samples


def svg_curve(samples, warmup, title, path):
    """The RSS curve as a small self-contained SVG line chart."""
    width, height, pad = 640, 240, 48
    ts = [s["t"] for s in samples]
    ys = [s["rss_mib"] for s in samples]
    top = max(ys) * 1.1
    x = lambda t: pad + (width - 2 * pad) * t / max(ts[-1], 1)  # noqa: E731
    y = lambda v: height - pad - (height - 2 * pad) * v / top  # noqa: E731
    points = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v in zip(ts, ys))
    ticks = "".join(f'<text x="{pad - 6}" y="{y(top * f / 4) + 4:.1f}" text-anchor="end">{top * f / 4:.0f}</text>'
                    f'<line x1="{pad}" x2="{width - pad}" y1="{y(top * f / 4):.1f}" y2="{y(top * f / 4):.1f}" stroke="#ddd"/>'
                    for f in range(5))
    minutes = "".join(f'<text x="{x(m * 60):.1f}" y="{height - pad + 16}" text-anchor="middle">{m}</text>'
                      for m in range(0, int(ts[-1] // 60) + 1))
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">'
        f'<rect width="100%" height="100%" fill="white"/>{ticks}{minutes}'
        f'<line x1="{x(warmup):.1f}" x2="{x(warmup):.1f}" y1="{pad}" y2="{height - pad}" stroke="#999" stroke-dasharray="4 3"/>'
        f'<text x="{x(warmup) + 4:.1f}" y="{pad + 10}">warm-up ends</text>'
        f'<polyline fill="none" stroke="#2563eb" stroke-width="2" points="{points}"/>'
        f'<text x="{width / 2}" y="{height - 8}" text-anchor="middle">minutes</text>'
        f'<text x="12" y="{height / 2}" transform="rotate(-90 12 {height / 2})" text-anchor="middle">gateway RSS (MiB)</text>'
        f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="13">{title}</text>'
        "</svg>\n")


def report(args, records, samples):
    failures = []
    print(f"\n== soak: {len(records)} requests over {args.seconds:g} s at {args.rate:g}/s ==")
    # A line per minute; per 10 s in a run shorter than four minutes.
    window = 60 if args.seconds >= 240 else 10
    print(f"{'from s':>6}{'requests':>9}{'ok %':>8}{'p50 ms':>8}{'p99 ms':>8}{'RSS MiB':>9}{'fds':>6}")
    windows = int(args.seconds // window)
    p99_by_window, fds_by_window = {}, {}
    for w in range(windows):
        rs = [r for r in records if w * window <= r["sent"] < (w + 1) * window]
        ok = [r for r in rs if r["outcome"] == "ok"]
        lat = [r["latency_ms"] for r in ok]
        ss = [s for s in samples if w * window <= s["t"] < (w + 1) * window] or samples[-1:]
        p99_by_window[w] = percentile(lat, 99)
        fds_by_window[w] = statistics.median(s["fds"] for s in ss)
        print(f"{w * window:>6}{len(rs):>9}{100 * len(ok) / max(len(rs), 1):8.2f}{percentile(lat, 50):8.1f}{p99_by_window[w]:8.1f}"
              f"{ss[-1]['rss_mib']:9.1f}{fds_by_window[w]:6.0f}")
    after = [s for s in samples if s["t"] >= args.warmup]
    first = next(w for w in range(windows) if w * window >= args.warmup)
    last = windows - 1
    if after:
        growth = 100 * (after[-1]["rss_mib"] - after[0]["rss_mib"]) / after[0]["rss_mib"]
        print(f"RSS after warm-up: {after[0]['rss_mib']:.1f} MiB -> {after[-1]['rss_mib']:.1f} MiB at the end "
              f"({growth:+.1f} %), peak {max(s['rss_mib'] for s in samples):.1f} MiB")
        if growth >= 10:
            failures.append(f"RSS grew {growth:.1f} % after warm-up (limit 10 %)")
    print(f"open fds, median: {fds_by_window[first]:.0f} from {first * window} s, {fds_by_window[last]:.0f} in the last window")
    if fds_by_window[last] > fds_by_window[first] + 8:
        failures.append("file descriptors grew")
    p99_first, p99_last = p99_by_window[first], p99_by_window[last]
    print(f"p99: {p99_first:.1f} ms from {first * window} s, {p99_last:.1f} ms in the last window")
    if p99_last > max(1.5 * p99_first, p99_first + 20):
        failures.append(f"p99 drifted from {p99_first:.1f} ms to {p99_last:.1f} ms")
    broken = [r for r in records if r["outcome"] == "broken"]
    ok = sum(r["outcome"] == "ok" for r in records)
    print(f"answers: {ok}/{len(records)} ok, {len(records) - ok - len(broken)} structured errors, {len(broken)} broken")
    for detail in {r["detail"] for r in broken}:
        print(f"  BROKEN: {detail}")
    if broken:
        failures.append(f"{len(broken)} requests ended without an answer or a structured error")
    if ok < 0.999 * len(records):
        failures.append("fewer than 99.9 % of requests succeeded")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=150, help="requests per second")
    parser.add_argument("--warmup", type=float, default=60, help="seconds before memory is compared")
    parser.add_argument("--out", help="write soak.csv and rss.svg here")
    args = parser.parse_args()
    if not (60 <= args.seconds <= 3600 and 1 <= args.rate <= 1000 and 0 <= args.warmup < args.seconds - 30):
        parser.error("need 60 <= --seconds <= 3600, 1 <= --rate <= 1000, 0 <= --warmup < seconds - 30")
    work = Path(tempfile.mkdtemp(prefix="triage-soak-"))
    (work / "gateway.json").write_text(json.dumps(config(work / "triage.db")))
    gateway = Process("gateway", [str(Path(args.binary).resolve()), "serve", "--config", str(work / "gateway.json")], work / "gateway.log")
    try:
        gateway.start()
        status, text = http(gateway.port, "POST", "/key/generate", {"key_alias": "soak"}, key=MASTER_KEY)
        if status != 200:
            raise SystemExit(f"soak: /key/generate answered {status}: {text}")
        key = json.loads(text)["key"]
        print(f"gateway :{gateway.port} (pid {gateway.proc.pid}); {args.rate:g} requests/s for {args.seconds:g} s; "
              f"warm-up {args.warmup:g} s; work in {work}", flush=True)
        records, samples = asyncio.run(drive(args, gateway.port, key, gateway.proc.pid))
        failures = report(args, records, samples)
        size = (work / "triage.db").stat().st_size / 2**20
        print(f"request log and ledger: {size:.1f} MiB on disk")
        if gateway.stop(signal.SIGTERM) != 0:
            failures.append("the gateway did not exit cleanly on SIGTERM")
    finally:
        gateway.stop(signal.SIGKILL, timeout=5)
        shutil.rmtree(work, ignore_errors=True)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        with open(out / "soak.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["seconds", "rss_mib", "open_fds"])
            for s in samples:
                writer.writerow([f"{s['t']:.1f}", f"{s['rss_mib']:.1f}", s["fds"]])
        title = f"Gateway resident memory: {args.seconds / 60:g} min of mixed load at {args.rate:g} requests/s"
        svg_curve(samples, args.warmup, title, out / "rss.svg")
        print(f"wrote {out / 'soak.csv'} and {out / 'rss.svg'}")
    if failures:
        print("\nSOAK FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nsoak: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
