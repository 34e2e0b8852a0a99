"""Starting `triage serve` on port 0 again and again on the same files, as a crash test must:
stderr is appended to one log, and the port is the one in the newest start-up line."""
import os
import re
import subprocess
import time

import pytest

from test_reload import BINARY


def serve(config_path, log_path, env=None):
    """(process, port) of a gateway started with --simulated on `config_path`."""
    listening = re.compile(r"triage: listening on 127\.0\.0\.1:(\d+)")
    before = len(listening.findall(log_path.read_text())) if log_path.exists() else 0
    with open(log_path, "a") as err:
        proc = subprocess.Popen([str(BINARY), "serve", "--simulated", "--config", str(config_path), "--port", "0"],
                                stdout=subprocess.DEVNULL, stderr=err, env=dict(os.environ, **(env or {})))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ports = listening.findall(log_path.read_text())
        if len(ports) > before:
            return proc, int(ports[-1])
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"the gateway did not report its port; its log:\n{log_path.read_text()[-2000:]}")
