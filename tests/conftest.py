"""Shared fixtures: a real redis-server, a temp SQLite file, a local policy site, the app."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis
from werkzeug.serving import make_server

from server import create_app
from tests.helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    RESOURCES,
    SEEDS,
    TEST_SECRET_KEY,
    AppFactory,
    LiveServer,
    RecordingApp,
    create_test_api_key,
    free_port,
    run_jobs,
    screenshot_path,
    serve_text,
    with_api_key,
)
from tests.local_http import LocalHTTPServer, Route
from worker.store import close_worker_stores
from worker.store.migrate import upgrade


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


@pytest.fixture
def api_key(app: Flask) -> str:
    return create_test_api_key(app)


@pytest.fixture
def keyed_client(app: Flask, api_key: str) -> FlaskClient:
    """A client of `app` that authenticates to the webhooks API with `api_key`."""
    return with_api_key(app.test_client(), api_key)


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """The app served over real HTTP on a free loopback port (browser tests), every request
    recorded; a test module overrides `app` for other settings."""
    recorder = RecordingApp(app)
    server = make_server("127.0.0.1", 0, recorder, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, recorder, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


__all__ = [  # the helpers, for tests that still import them from here
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "RESOURCES",
    "SEEDS",
    "AppFactory",
    "Route",
    "free_port",
    "run_jobs",
    "screenshot_path",
    "serve_text",
]
