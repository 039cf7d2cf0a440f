"""A delivery attempt has one deadline for connect, headers and body: a receiver that
trickles its headers a byte at a time cannot hold a webhook worker past it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from worker import defaults
from worker.ingest.fetch_guard import check_url
from worker.tracking.notify import post


@pytest.fixture
def trickling_receiver() -> Iterator[str]:
    """Answers every request with a status line, then one header byte every 0.2 s, forever
    (each byte well inside any per-read timeout)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.recv(65536)
                try:
                    connection.sendall(b"HTTP/1.1 200 OK\r\n")
                    while not stop.is_set():
                        connection.sendall(b"X")
                        time.sleep(0.2)
                except OSError:
                    continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/hook"
    stop.set()
    thread.join(timeout=5)
    listener.close()


def test_a_receiver_trickling_its_headers_is_cut_off_at_the_deadline(
    trickling_receiver: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(defaults, "WEBHOOK_DEADLINE_SECONDS", 2.0)
    target = check_url(trickling_receiver, allow_private=True)
    began = time.monotonic()
    outcome = post(target, b"{}", {"Host": target.host_header})
    took = time.monotonic() - began
    assert outcome.status_code is None and not outcome.succeeded
    assert outcome.error is not None and "within 2 s" in outcome.error
    assert 1.9 <= took < 3.0, took


def test_the_default_deadline_bounds_an_attempt_to_ten_seconds() -> None:
    assert defaults.WEBHOOK_DEADLINE_SECONDS <= 10
    assert defaults.WEBHOOK_JOB_TIMEOUT_SECONDS > defaults.WEBHOOK_DEADLINE_SECONDS
