print("triage-bench: not yet")
