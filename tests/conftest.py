"""Shared fixtures: a real redis-server, a temp SQLite file, a local policy site, the app."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from rq.serializers import JSONSerializer

from server import create_app
from tests.local_http import LocalHTTPServer, Route
from worker import defaults
from worker.jobs import make_queue
from worker.store import close_worker_stores
from worker.store.migrate import upgrade
from worker.workers import PolicywatchSimpleWorker

RESOURCES = Path(__file__).parent / "resources"
SEEDS = sorted((RESOURCES / "seeds").glob("*.txt"))


DOCS = Path(__file__).resolve().parent.parent / "docs"


def screenshot_path(tmp_path: Path, name: str) -> Path:
    """Where a browser test saves its screenshot `name` (relative to docs/).

    In docs/ when UPDATE_SCREENSHOTS=1, to refresh the README's pictures; otherwise in the
    test's tmp_path, so a test run leaves the checkout as it found it.
    """
    root = DOCS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free loopback port, for the whole test session."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = Redis.from_url(url)
    for _ in range(100):
        try:
            client.ping()
            break
        except Exception:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("redis-server did not start")
    yield url
    client.close()
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server: str) -> str:
    Redis.from_url(redis_server).flushdb()
    return redis_server


@pytest.fixture
def policy_site() -> Iterator[LocalHTTPServer]:
    """A real HTTP server on 127.0.0.1 serving whatever routes a test sets."""
    server = LocalHTTPServer().start()
    yield server
    server.stop()


@pytest.fixture
def seed_text() -> str:
    return SEEDS[0].read_text(encoding="utf-8")


AppFactory = Callable[..., Flask]

TEST_SECRET_KEY = "ZmNvLXRlc3Qtc2VjcmV0LWtleS0wMTIzNDU2Nzg5YWI="
"""A fixed Fernet key for test apps and their in-process workers (POLICYWATCH_SECRET_KEY)."""


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest schema once; each test gets a copy of it."""
    path = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


def migrated_sqlite(template: Path, path: Path) -> str:
    """A SQLite URL at `path`, holding the migrated schema (copied from the template)."""
    if not path.exists():
        shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def make_app(
    tmp_path: Path, redis_url: str, monkeypatch: pytest.MonkeyPatch, schema_template: Path
) -> Iterator[AppFactory]:
    """Build apps on a temp SQLite file and the real Redis; in-process jobs read the same env.

    The schema is made the way production makes it (migrations), before the app starts."""
    made: list[Flask] = []

    def factory(**settings: str) -> Flask:
        if "DATABASE_URL" in settings:
            upgrade(settings["DATABASE_URL"])
        env = {
            "DATABASE_URL": migrated_sqlite(schema_template, tmp_path / "policywatch.sqlite3"),
            "REDIS_URL": redis_url,
            "ALLOW_PRIVATE_HOSTS": "true",
            "JOB_RETRIES": "0",
            "SECRET_KEY": TEST_SECRET_KEY,
            **settings,
        }
        for name, value in env.items():
            monkeypatch.setenv(f"POLICYWATCH_{name}", value)
        application = create_app({"TESTING": True})
        made.append(application)
        return application

    yield factory
    for application in made:
        application.extensions["policywatch"].store.dispose()
    close_worker_stores()


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def create_test_api_key(app: Flask, name: str = "test-client") -> str:
    """A new API key in the app's database, made by the code `policywatch api-key create` runs."""
    from worker.store.api_keys import create_api_key

    _, key = create_api_key(app.extensions["policywatch"].store, name)
    return key


def with_api_key(client: FlaskClient, key: str) -> FlaskClient:
    """The client, sending `Authorization: Bearer <key>` on every request."""
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


@pytest.fixture
def api_key(app: Flask) -> str:
    return create_test_api_key(app)


@pytest.fixture
def keyed_client(app: Flask, api_key: str) -> FlaskClient:
    """A client of `app` that authenticates to the webhooks API with `api_key`."""
    return with_api_key(app.test_client(), api_key)


def run_jobs(app: Flask) -> None:
    """Run every queued job with a real RQ worker in burst mode, in this process."""
    services = app.extensions["policywatch"]
    queues = [
        make_queue(services.redis, defaults.QUEUE_NAME),
        make_queue(services.redis, defaults.WEBHOOK_QUEUE_NAME),
    ]
    PolicywatchSimpleWorker(queues, connection=services.redis, serializer=JSONSerializer).work(
        burst=True, with_scheduler=False
    )


def serve_text(
    site: LocalHTTPServer, path: str, text: str, content_type: str = "text/plain"
) -> str:
    site.routes[path] = Route(text.encode("utf-8"), content_type=f"{content_type}; charset=utf-8")
    return site.url(path)


__all__ = ["RESOURCES", "SEEDS", "Route", "run_jobs", "serve_text"]


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app served over real HTTP on a free loopback port (for the browser tests)."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
