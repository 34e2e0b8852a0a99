#!/usr/bin/env python3
"""Sends a bounded, seeded mix of requests to a gateway on 127.0.0.1 (plain groups, the routed
model, the cascade, two virtual keys, feedback on routed answers), so its request log has
something to report. Usage: report_traffic.py URL MASTER_KEY [COUNT]"""
import json
import random
import sys
import urllib.error
import urllib.request

URL, MASTER = sys.argv[1], sys.argv[2]
COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 300
PROMPTS = ["What is 2 + 2?", "Prove that the square root of 2 is irrational.", "Write a haiku about rain.",
           "Explain quantum entanglement to a child.", "Translate 'good morning' into French.",
           "Derive the quadratic formula step by step.", "Name three rivers in Africa.",
           "Which sorting algorithm is stable: quicksort or merge sort? Explain."]


def post(path, body, key):
    request = urllib.request.Request(URL + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}"), dict(error.headers)


def main():
    random.seed(7)
    keys = [post("/key/generate", {"key_alias": alias, "max_budget": 5}, MASTER)[0]["key"] for alias in ("search", "support")]
    for i in range(COUNT):
        model = random.choice(["triage/auto", "triage/auto", "triage/auto", "triage/cascade", "cheap", "frontier"])
        key = random.choice(keys + [MASTER])
        body = {"model": model, "messages": [{"role": "user", "content": random.choice(PROMPTS)}], "max_tokens": 80}
        _, headers = post("/v1/chat/completions", body, key)
        request_id = headers.get("x-triage-request-id")
        if model == "triage/auto" and request_id and random.random() < 0.5:
            post("/v1/feedback", {"request_id": request_id, "metric": "thumbs_up", "value": random.random() < 0.75}, key)
    print(f"report_traffic: sent {COUNT} requests")


if __name__ == "__main__":
    main()
