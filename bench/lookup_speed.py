"""Requests per second of Policywatch's hot pages against a hello-world Flask app, both served
by the Procfile's own gunicorn line on this machine in the same run, measured with wrk.

    python bench/lookup_speed.py [--duration 8] [--connections 16] [--threads 2] [--modes off,on]

It starts a real redis-server, prepares a SQLite file by analysing a real policy from
tests/resources (served on a loopback port; then an edited copy, so the history page has a
diff), and starts two gunicorns: a hello-world Flask app and Policywatch. wrk then runs
against each in turn, the same duration and connections: hello world, the stored-policy
lookup (GET /api/v1/policies?url=), the same with If-None-Match (a 304), GET / and the history
page (/policies/<id>). Each mode restarts Policywatch with POLICYWATCH_LOOKUP_CACHE off (every
lookup built from SQL, as before the cache) or on; hello world runs before and after, and
each ratio is against the mean of the two. Targets (issue 14): lookup >= 0.7x, / and the
history page >= 0.5x.
"""

from __future__ import annotations

import argparse
import http.server
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worker.pipeline import analyse  # noqa: E402
from worker.store import Store  # noqa: E402
from worker.store.migrate import upgrade  # noqa: E402

SEED = ROOT / "tests" / "resources" / "seeds" / "000_340b6d22ed7eccda.txt"
ADDED = "We may sell your personal information to data brokers and advertising partners."
"""The sentence the second version adds, so the history page shows a material change."""

HELLO_APP = """from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, World!"
"""

TARGETS = {"lookup": 0.7, "lookup_304": 0.7, "index": 0.5, "history": 0.5}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def procfile_web_line() -> list[str]:
    """The Procfile's web command, split into arguments."""
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("web:"):
            return shlex.split(line.removeprefix("web:").strip())
    raise SystemExit("Procfile has no web: line")


def gunicorn_command(app_spec: str, port: int) -> list[str]:
    """The Procfile's web line with this app and a loopback port (gunicorn from this venv)."""
    command = []
    for argument in procfile_web_line():
        if "${PORT" in argument:
            argument = f"127.0.0.1:{port}"
        elif argument == "server:create_app()":
            argument = app_spec
        command.append(argument)
    binary = Path(sys.executable).with_name("gunicorn")
    command[0] = str(binary) if binary.exists() else command[0]
    return command


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str], cwd: Path) -> Iterator[str]:
    """Run a server until the block ends; yields its base URL once it answers."""
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit(f"{' '.join(command)} did not start")
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def policy_site(pages: dict[str, bytes]) -> Iterator[str]:
    """A loopback HTTP server answering `pages` (path to text body; changeable while it runs)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def prepare_database(database_url: str) -> tuple[str, str]:
    """A store holding two analysed versions of a real policy; its URL and policy id."""
    upgrade(database_url)
    store = Store(database_url)
    text = SEED.read_text(encoding="utf-8")
    pages = {"/privacy": text.encode("utf-8")}
    with policy_site(pages) as site:
        url = site + "/privacy"
        analyse(url, store=store, allow_private=True)
        pages["/privacy"] = (text + "\n\n" + ADDED + "\n").encode("utf-8")
        report = analyse(url, store=store, allow_private=True)
    store.dispose()
    return url, report["policy_id"]


def wrk(url: str, args: argparse.Namespace, headers: dict[str, str] | None = None) -> float:
    """Requests per second wrk measured; every answer must be a 2xx or a 304."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{url}: {bad.group(1)} answers were not 2xx/3xx\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if found is None:
        raise SystemExit(f"wrk printed no rate for {url}:\n{output}")
    return float(found.group(1))


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url) as response:  # noqa: S310 (a loopback URL we built)
        return response.headers.get("ETag") or ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=8, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--modes",
        default="off,on",
        help="POLICYWATCH_LOOKUP_CACHE values to measure, in order (off = built from SQL)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None or shutil.which("redis-server") is None:
        raise SystemExit("needs wrk and redis-server (apt-get install wrk redis-server)")

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lookup-speed-")))
        redis_port = free_port()
        redis_command = [
            "redis-server", "--port", str(redis_port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", str(work),
        ]  # fmt: skip
        stack.enter_context(serving(redis_command, redis_port, dict(os.environ), work))
        database_url = f"sqlite:///{work / 'policywatch.sqlite3'}"
        policy_url, pid = prepare_database(database_url)
        (work / "hello.py").write_text(HELLO_APP, encoding="utf-8")

        env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT}{os.pathsep}{work}",
            "POLICYWATCH_DATABASE_URL": database_url,
            "POLICYWATCH_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "POLICYWATCH_REVALIDATE_AFTER": str(10**9),
        }
        lookup_path = "/api/v1/policies?" + urllib.parse.urlencode({"url": policy_url})
        paths = {"lookup": lookup_path, "index": "/", "history": f"/policies/{pid}"}

        hello_rates = []
        rates: dict[str, dict[str, float]] = {}

        def measure_hello() -> None:
            port = free_port()
            with serving(gunicorn_command("hello:app", port), port, env, work) as base:
                hello_rates.append(wrk(base + "/", args))
            print(f"hello world            {hello_rates[-1]:8.0f} req/s", flush=True)

        measure_hello()
        for mode in args.modes.split(","):
            port = free_port()
            mode_env = {**env, "POLICYWATCH_LOOKUP_CACHE": "true" if mode == "on" else "false"}
            command = gunicorn_command("server:create_app()", port)
            with serving(command, port, mode_env, ROOT) as base:
                rates[mode] = {}
                for name, path in paths.items():
                    urllib.request.urlopen(base + path).read()  # noqa: S310 (warm up, fill)
                    rates[mode][name] = wrk(base + path, args)
                    print(f"cache {mode:3} {name:12} {rates[mode][name]:8.0f} req/s", flush=True)
                etag = etag_of(base + lookup_path)
                if etag:
                    rates[mode]["lookup_304"] = wrk(
                        base + lookup_path, args, {"If-None-Match": etag}
                    )
                    print(
                        f"cache {mode:3} lookup_304   {rates[mode]['lookup_304']:8.0f} req/s",
                        flush=True,
                    )
        measure_hello()

    hello = sum(hello_rates) / len(hello_rates)
    print(
        f"\nhello world: {hello:.0f} req/s (mean of {', '.join(f'{r:.0f}' for r in hello_rates)}); "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
        f"{' '.join(gunicorn_command('APP', 0)[1:])}"
    )
    print(f"{'page':12} " + " ".join(f"{'cache ' + m:>18}" for m in rates) + "   target")
    for name, target in TARGETS.items():
        cells = []
        for mode in rates:
            rate = rates[mode].get(name)
            cells.append(f"{rate:7.0f} {rate / hello:5.2f}x  " if rate else f"{'-':>18}")
        print(f"{name:12} " + " ".join(f"{c:>18}" for c in cells) + f"   >= {target}x")


if __name__ == "__main__":
    main()
