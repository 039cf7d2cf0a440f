"""Rate limits on new analyses with Flask-Limiter, counted in Redis so every web process agrees:
per extension install (X-Policywatch-Install) and per client address, so rotating install ids
does not escape. When Redis is down the limits fail open: nothing can be queued then anyway."""

from __future__ import annotations

import math
import re
import time

from flask import Flask, Response, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded

from server.errors import error_response
from worker.settings import Settings

INSTALL_HEADER = "X-Policywatch-Install"
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
LIMITED_ENDPOINTS = frozenset({"analyses.Analyses", "pages.index"})
"""The views that queue analyses; only their POSTs count."""
INSTALL_SCOPE = "analyses-per-install"
ADDRESS_SCOPE = "analyses-per-address"


def client_address() -> str:
    """The client's address: the peer's, or what a trusted proxy reports (ProxyFix)."""
    return request.remote_addr or "unknown"


def install_key() -> str:
    """The install id the extension sends; a client without one counts as one install."""
    token = request.headers.get(INSTALL_HEADER)
    return f"install:{token}" if token else f"address:{client_address()}"


def not_a_new_analysis() -> bool:
    return request.method != "POST" or request.endpoint not in LIMITED_ENDPOINTS


def make_limiter(app: Flask, settings: Settings) -> Limiter:
    """A Limiter for this app, on the app's Redis, its two limits read from the settings."""
    limits = [
        ApplicationLimit(
            f"{settings.RATE_LIMIT_PER_MINUTE}/minute",
            key_function=install_key,
            scope=INSTALL_SCOPE,
            exempt_when=not_a_new_analysis,
        ),
        ApplicationLimit(
            f"{settings.RATE_LIMIT_PER_ADDRESS_PER_MINUTE}/minute",
            key_function=client_address,
            scope=ADDRESS_SCOPE,
            exempt_when=not_a_new_analysis,
        ),
    ]
    return Limiter(
        client_address,
        app=app,
        application_limits=limits,  # type: ignore[arg-type]
        storage_uri=settings.REDIS_URL,
        storage_options={"socket_connect_timeout": 2, "socket_timeout": 2},
        strategy="moving-window",  # no burst of twice the limit across a minute boundary
        key_prefix="policywatch-rate",
        swallow_errors=True,  # Redis down: fail open (logged); the queue is down with it
        headers_enabled=False,
    )


def seconds_until_reset(limiter: Limiter) -> int:
    """When the breached limit lets the next request through (a minute if Redis cannot say)."""
    breached = limiter.current_limit
    try:
        reset_at = breached.window[0] if breached is not None else time.time() + 60
    except Exception:  # Redis went away since the hit
        reset_at = time.time() + 60
    return max(1, math.ceil(reset_at - time.time()))


def only_for_new_analyses(app: Flask, limiter: Limiter) -> None:
    """Run Flask-Limiter's per-request hooks only for the POSTs its limits count: otherwise
    it resolves every limit on every request (a tenth of a stored lookup's time) only to
    find them exempt, then looks for headers to add and a context to reset."""
    before = app.before_request_funcs[None]
    position = before.index(limiter._check_request_limit)
    check = before.pop(position)

    def _limit_new_analyses() -> None:
        if not not_a_new_analysis():
            check()

    before.insert(position, _limit_new_analyses)
    after = app.after_request_funcs[None]
    (inject,) = [hook for hook in after if getattr(hook, "args", None) == (limiter,)]
    after[after.index(inject)] = lambda response: (
        response if not_a_new_analysis() else inject(response)
    )
    teardown = app.teardown_request_funcs[None]
    release = teardown.pop(teardown.index(limiter._Limiter__release_context))  # type: ignore[attr-defined]

    def _release_after_new_analyses(error: BaseException | None = None) -> None:
        if not not_a_new_analysis():
            release(error)

    teardown.append(_release_after_new_analyses)


def init_app(app: Flask) -> None:
    @app.before_request
    def _check_install_token() -> Response | None:
        """A malformed install id is refused before it is counted (or stored as a key)."""
        if not_a_new_analysis():
            return None
        token = request.headers.get(INSTALL_HEADER)
        if token is None or TOKEN_PATTERN.fullmatch(token):
            return None
        return error_response(
            "invalid_install_token",
            f"The {INSTALL_HEADER} header must be 16-64 letters, digits, '-' or '_'.",
            400,
        )

    limiter = make_limiter(app, app.extensions["policywatch"].settings)
    only_for_new_analyses(app, limiter)

    @app.errorhandler(RateLimitExceeded)
    def _rate_limited(error: RateLimitExceeded) -> Response:
        retry_after = seconds_until_reset(limiter)
        per = "address" if error.limit.scope == ADDRESS_SCOPE else "install"
        message = (
            f"More than {error.limit.limit.amount} analyses a minute from this {per}; "
            f"try again in {retry_after} s."
        )
        return error_response("rate_limited", message, 429, [("Retry-After", str(retry_after))])
