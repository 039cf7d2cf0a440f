"""A real webhook receiver on 127.0.0.1: verifies every request with `standardwebhooks`,
records it, and answers as the test planned (500 once, 410, a slow answer, ...)."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclass(frozen=True)
class Reply:
    """How to answer one request."""

    status: int = 200
    hold: float = 0.0
    """Seconds to wait before answering (cut short when the receiver stops)."""


@dataclass(frozen=True)
class Received:
    """One request as it arrived, with the outcome of verifying its signature."""

    path: str
    headers: dict[str, str]
    """Header names in lower case."""
    body: bytes
    verified: bool
    error: str | None
    payload: dict[str, Any] | None
    status: int
    """What the receiver answered (400 when verification failed)."""

    @property
    def webhook_id(self) -> str:
        return self.headers.get("webhook-id", "")


class WebhookReceiver:
    """Records verified deliveries; `plan` replies are used in order, then `default`."""

    def __init__(self, secret: str | None = None) -> None:
        self.secret = secret
        self.plan: deque[Reply] = deque()
        self.default = Reply(200)
        self.received: list[Received] = []
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._make_handler())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *replies: Reply | int) -> None:
        """Queue the replies for the next requests (ints are status codes)."""
        self.plan.extend(r if isinstance(r, Reply) else Reply(r) for r in replies)

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Block until `count` requests arrived (or timeout); return all received so far."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.received) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            return list(self.received)

    def _record(self, received: Received) -> None:
        with self._changed:
            self.received.append(received)
            self._changed.notify_all()

    def _verify(self, body: bytes, headers: dict[str, str]) -> tuple[dict[str, Any] | None, str]:
        if self.secret is None:
            return None, "the receiver has no secret"
        try:
            payload = Webhook(self.secret).verify(body, headers)
        except (WebhookVerificationError, ValueError) as error:
            return None, f"{type(error).__name__}: {error}"
        return payload, ""

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = {name.lower(): value for name, value in self.headers.items()}
                payload, error = receiver._verify(body, headers)
                reply = receiver.plan.popleft() if receiver.plan else receiver.default
                status = reply.status if payload is not None else 400
                receiver._record(
                    Received(
                        path=self.path,
                        headers=headers,
                        body=body,
                        verified=payload is not None,
                        error=error or None,
                        payload=payload,
                        status=status,
                    )
                )
                if reply.hold:
                    receiver._stopping.wait(reply.hold)
                answer = json.dumps({"ok": 200 <= status < 300, "error": error}).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    return

        return Handler
