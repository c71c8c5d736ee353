"""End to end: a FastAPI app under uvicorn and an Express app on 127.0.0.1 under wrk, each
with an endpoint verifying a 1 KB Retell webhook with hooksig, one with the official SDK and
one with the hand-written recipe; hooksig both through its adapter and called in the handler. Requests per second and latency percentiles, all from one
run. Usage: python benches/e2e.py OUTPUT.json  (wrk from Debian: apt-get install wrk)
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import hooksig

ROOT = Path(__file__).resolve().parent.parent
SECRET = "e2e-retell-api-key-0123456789"
DURATION = os.environ.get("E2E_DURATION", "8s")
SERVERS = {
    "fastapi": (["{python}", "-m", "uvicorn", "benches.e2e_fastapi:app", "--host", "127.0.0.1",
                 "--port", "{port}", "--no-access-log", "--log-level", "warning"],
                ["hooksig", "verifier", "sdk", "stdlib"]),
    "express": (["node", "benches/e2e_express.js"], ["hooksig", "verifier", "sdk", "crypto"]),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server on port {port} exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on port {port}")


def lua_script(directory: Path) -> Path:
    """A wrk script posting one freshly signed 1 KB Retell delivery."""
    head = b'{"event":"call_ended","call":{"call_id":"c_9f2","transcript":"'
    body = head + b"x" * (1024 - len(head) - 3) + b'"}}'
    signature = hooksig.sign("retell", SECRET, body=body).headers["X-Retell-Signature"]
    script = directory / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(body.decode())}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["X-Retell-Signature"] = "{signature}"\n'
    )
    return script


def parse_wrk(output: str) -> dict[str, float]:
    def duration(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", output, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        "p50_ms": duration(latency["50"]),
        "p99_ms": duration(latency["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    output = Path(sys.argv[1])
    results = []
    with tempfile.TemporaryDirectory() as workdir:
        for server, (command, endpoints) in SERVERS.items():
            port = free_port()
            argv = [part.format(python=sys.executable, port=port) for part in command]
            env = dict(os.environ, E2E_SECRET=SECRET, PORT=str(port))
            process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
            try:
                wait_for(port, process)
                for endpoint in endpoints:
                    script = lua_script(Path(workdir))
                    url = f"http://127.0.0.1:{port}/{endpoint}"
                    subprocess.run(["wrk", "-t1", "-c8", "-d2s", "-s", str(script), url],
                                   check=True, capture_output=True)  # warm-up
                    run = subprocess.run(
                        ["wrk", "-t1", "-c16", f"-d{DURATION}", "--latency", "-s", str(script), url],
                        check=True, capture_output=True, text=True)
                    result = {"server": server, "endpoint": endpoint, **parse_wrk(run.stdout)}
                    if result["non_2xx"]:
                        sys.exit(f"{server}/{endpoint} answered {result['non_2xx']} non-2xx")
                    print(f"{server:8} {endpoint:8} {result['requests_per_second']:9.0f} req/s  "
                          f"p50 {result['p50_ms']:.2f} ms  p99 {result['p99_ms']:.2f} ms")
                    results.append(result)
            finally:
                process.terminate()
                process.wait(timeout=10)
    output.write_text(json.dumps({"duration": DURATION, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
