"""Helpers the tests share: resources, free ports, serving texts, running queued jobs, the
browser's settings, and the live server's pieces. Fixtures live in conftest.py."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from rq.serializers import JSONSerializer

from tests.local_http import LocalHTTPServer, Route
from worker import defaults
from worker.ingest.render import HEADLESS_ARGS
from worker.jobs import make_queue
from worker.workers import PolicywatchSimpleWorker

RESOURCES = Path(__file__).parent / "resources"
SEEDS = sorted((RESOURCES / "seeds").glob("*.txt"))
DOCS = Path(__file__).resolve().parent.parent / "docs"

AppFactory = Callable[..., Flask]
"""make_app(**settings): an app on a temp SQLite file and the real Redis."""

TEST_SECRET_KEY = "ZmNvLXRlc3Qtc2VjcmV0LWtleS0wMTIzNDU2Nzg5YWI="
"""A fixed Fernet key for test apps and their in-process workers (POLICYWATCH_SECRET_KEY)."""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = list(HEADLESS_ARGS)


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


def create_test_api_key(app: Flask, name: str = "test-client") -> str:
    """A new API key in the app's database, made by the code `policywatch api-key create` runs."""
    from worker.store.api_keys import create_api_key

    _, key = create_api_key(app.extensions["policywatch"].store, name)
    return key


def with_api_key(client: FlaskClient, key: str) -> FlaskClient:
    """The client, sending `Authorization: Bearer <key>` on every request."""
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    return client


def policywatch_command() -> list[str]:
    """The `policywatch` command of this environment."""
    script = shutil.which("policywatch", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "worker.cli"]


@dataclass
class RecordingApp:
    """WSGI wrapper that keeps every request the extension makes to the Policywatch server."""

    app: Flask
    requests: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        headers = {
            name[5:].replace("_", "-").lower(): value
            for name, value in environ.items()
            if name.startswith("HTTP_")
        }
        self.requests.append(
            {
                "method": environ["REQUEST_METHOD"],
                "path": environ["PATH_INFO"],
                "query": environ.get("QUERY_STRING", ""),
                "headers": headers,
                "body": json.loads(body) if body else None,
            }
        )
        return self.app(environ, start_response)


@dataclass
class LiveServer:
    """The Flask app served over real HTTP on a free loopback port, every request recorded."""

    app: Flask
    recorder: RecordingApp
    url: str
