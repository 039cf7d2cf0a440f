"""Per-install rate limiting of new analyses, counted in Redis so every web process agrees."""

from __future__ import annotations

import re
import time

import redis.exceptions
from flask import Flask, request
from flask.typing import ResponseReturnValue

from server.errors import error_response
from server.services import current_services

INSTALL_HEADER = "X-Policywatch-Install"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
WINDOW_SECONDS = 60
LIMITED_ENDPOINTS = frozenset({"analyses.Analyses", "pages.index"})


def client_key() -> str | None:
    """The install token the extension sends, else the client's address."""
    token = request.headers.get(INSTALL_HEADER)
    if token is None:
        return f"ip:{request.remote_addr}"
    return f"install:{token}" if TOKEN_PATTERN.fullmatch(token) else None


def init_app(app: Flask) -> None:
    @app.before_request
    def _limit() -> ResponseReturnValue | None:
        if request.method != "POST" or request.endpoint not in LIMITED_ENDPOINTS:
            return None
        key = client_key()
        if key is None:
            return error_response(
                "invalid_install_token",
                f"The {INSTALL_HEADER} header must be 16-64 letters, digits, '-' or '_'.",
                400,
            )
        services = current_services()
        window = int(time.time() // WINDOW_SECONDS)
        counter = f"policywatch:rate:{key}:{window}"
        try:
            with services.redis.pipeline() as pipe:
                pipe.incr(counter)
                pipe.expire(counter, WINDOW_SECONDS * 2)
                count = int(pipe.execute()[0])
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError):
            return None  # without Redis nothing can be queued; stored results still answer
        limit = services.settings.RATE_LIMIT_PER_MINUTE
        if count <= limit:
            return None
        retry_after = WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS
        body, status = error_response(
            "rate_limited",
            f"More than {limit} analyses a minute; try again in {retry_after} s.",
            429,
        )
        body.headers["Retry-After"] = str(retry_after)  # type: ignore[union-attr]
        return body, status
