"""Requests per second of Policywatch's hot pages against a hello-world Flask app, both served
by the Procfile's own gunicorn line on this machine in the same run, measured with wrk.

    python bench/lookup_speed.py [--baseline GIT_REF] [--rounds 3] [--duration 5]
                                 [--connections 16] [--threads 2] [--modes off,redis,on]

It starts a real redis-server, prepares a SQLite file by analysing a real policy from
tests/resources (served on a loopback port; then an edited copy, so the history page has a
diff), and starts gunicorns: a hello-world Flask app, a Flask app sending the stored Report's
bytes read from Redis (the floor of any lookup through Flask and Redis) and Policywatch. wrk
then runs against each in turn, the same duration and connections: the stored-policy lookup
(GET /api/v1/policies?url=), GET / and the history page (/policies/<id>), and the lookup with
If-None-Match (a 304). Policywatch runs once per --modes entry: off (POLICYWATCH_LOOKUP_CACHE
off, every answer built from SQL), redis (answers kept in Redis, read in one round trip) and on
(also each process's copies, no round trip while Redis reports no change); with --baseline REF
once more from the code at that commit (the code before the change). The machine is shared,
so hello world is measured right before each page, each ratio is against that run, and the
medians over the rounds are printed.
Targets (issue 14): lookup >= 0.7x, / and the history page >= 0.5x.
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

from redis import Redis  # noqa: E402

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

REDIS_APP = """import os

from flask import Flask
from redis import Redis

app = Flask(__name__)
redis = Redis.from_url(os.environ["POLICYWATCH_REDIS_URL"])


@app.get("/")
def stored():
    return app.response_class(redis.get("bench:report"), mimetype="application/json")
"""
"""The floor of a lookup: Flask sending a value read from Redis (the stored Report's bytes),
nothing else; the issue measured it at 0.79x hello world."""

TARGETS = {"flask_redis": None, "lookup": 0.7, "lookup_304": 0.7, "index": 0.5, "history": 0.5}


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


def checkout(ref: str, into: Path) -> Path:
    """The project's files at git `ref`, unpacked into `into` (the code before a change)."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians")
    parser.add_argument(
        "--modes",
        default="off,redis,on",
        help="off: every answer built from SQL (POLICYWATCH_LOOKUP_CACHE=false); redis: the "
        "cache in Redis, no per-process copies (POLICYWATCH_LOOKUP_NEAR_CACHE=false); on: both",
    )
    parser.add_argument(
        "--baseline",
        metavar="GIT_REF",
        help="also measure the code at this commit (e.g. the one before the cache)",
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
        (work / "flask_redis.py").write_text(REDIS_APP, encoding="utf-8")

        env = {
            **os.environ,
            "POLICYWATCH_DATABASE_URL": database_url,
            "POLICYWATCH_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "POLICYWATCH_REVALIDATE_AFTER": str(10**9),
        }
        lookup_path = "/api/v1/policies?" + urllib.parse.urlencode({"url": policy_url})
        paths = {"lookup": lookup_path, "index": "/", "history": f"/policies/{pid}"}

        def start(app_spec: str, code: Path, extra: dict[str, str]) -> str:
            port = free_port()
            server_env = {**env, "PYTHONPATH": f"{code}{os.pathsep}{work}", **extra}
            command = gunicorn_command(app_spec, port)
            return stack.enter_context(serving(command, port, server_env, code))

        hello = start("hello:app", work, {})
        servers = {"flask+redis": start("flask_redis:app", work, {})}
        pages = {"flask+redis": {"flask_redis": "/"}}
        if args.baseline:
            code = checkout(args.baseline, work / "baseline")
            servers[f"at {args.baseline}"] = start("server:create_app()", code, {})
        for mode in args.modes.split(","):
            flags = {
                "POLICYWATCH_LOOKUP_CACHE": "false" if mode == "off" else "true",
                "POLICYWATCH_LOOKUP_NEAR_CACHE": "true" if mode == "on" else "false",
            }
            servers[f"cache {mode}"] = start("server:create_app()", ROOT, flags)
        base = servers[next(name for name in servers if name != "flask+redis")]
        with urllib.request.urlopen(base + lookup_path) as response:  # noqa: S310
            Redis.from_url(env["POLICYWATCH_REDIS_URL"]).set("bench:report", response.read())

        hello_rates: list[float] = []
        rates: dict[str, dict[str, list[float]]] = {name: {} for name in servers}
        ratios: dict[str, dict[str, list[float]]] = {name: {} for name in servers}
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number}", flush=True)
            for name, base in servers.items():
                own = pages.get(name, paths)
                for path in own.values():
                    urllib.request.urlopen(base + path).read()  # noqa: S310 (warm up, fill)
                etag = etag_of(base + lookup_path) if own is paths else ""
                for page, path, headers in [
                    *((page, path, None) for page, path in own.items()),
                    *([("lookup_304", lookup_path, {"If-None-Match": etag})] if etag else []),
                ]:
                    paired = wrk(hello + "/", args)  # right before: the load of the moment
                    rate = wrk(base + path, args, headers)
                    hello_rates.append(paired)
                    rates[name].setdefault(page, []).append(rate)
                    ratios[name].setdefault(page, []).append(rate / paired)
                    print(
                        f"  {name:14} {page:12} {rate:8.0f} req/s, hello world {paired:6.0f}"
                        f" -> {rate / paired:.2f}x",
                        flush=True,
                    )

    print(
        f"\nhello world: median {median(hello_rates):.0f} req/s over {len(hello_rates)} runs; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s, {args.rounds} rounds; "
        f"{' '.join(gunicorn_command('APP', 0)[1:])}"
    )
    print("median req/s, and median ratio to the hello world run just before each:")
    print(f"{'page':12} " + " ".join(f"{name:>18}" for name in servers) + "   target")
    for page, target in TARGETS.items():
        cells = []
        for name in servers:
            if page in rates[name]:
                cells.append(f"{median(rates[name][page]):7.0f} {median(ratios[name][page]):5.2f}x")
            else:
                cells.append("-")
        goal = f"   >= {target}x" if target else "   (the floor of a lookup)"
        print(f"{page:12} " + " ".join(f"{cell:>18}" for cell in cells) + goal)


if __name__ == "__main__":
    main()
