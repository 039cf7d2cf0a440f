"""CORS for browser extensions only: their origins may call the API, web pages may not.

With POLICYWATCH_EXTENSION_ORIGINS set, only the origins it lists; unset (development), any
extension origin, since an unpacked extension's id is not known in advance."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Response, request

EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
ALLOWED_HEADERS = "Accept, Content-Type, X-Policywatch-Install"


def is_extension_origin(origin: str | None) -> bool:
    return bool(origin) and origin.startswith(EXTENSION_SCHEMES)  # type: ignore[union-attr]


def configured_origins(setting: Any) -> frozenset[str]:
    """The origins of a comma-separated setting (a JSON list works too), without trailing '/'."""
    items = setting if isinstance(setting, list | tuple) else str(setting or "").split(",")
    return frozenset(str(item).strip().rstrip("/") for item in items if str(item).strip())


def origin_check(setting: Any) -> Callable[[str | None], bool]:
    """Is an Origin allowed: one of the configured origins, or any extension when none are."""
    allowed = configured_origins(setting)
    if not allowed:
        return is_extension_origin
    return lambda origin: origin in allowed


def cors_headers(
    origin: str | None, allowed: Callable[[str | None], bool]
) -> list[tuple[str, str]]:
    """The CORS headers of an answer to a request from `origin` (none for other origins)."""
    if not allowed(origin):
        return []
    return [
        ("Access-Control-Allow-Origin", origin or ""),
        ("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS"),
        ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
        ("Access-Control-Max-Age", "600"),
        ("Access-Control-Expose-Headers", "Retry-After"),
    ]


def allowed_origins(app: Flask) -> Callable[[str | None], bool]:
    """The app's origin check (EXTENSION_ORIGINS)."""
    return origin_check(app.config.get("EXTENSION_ORIGINS"))


def init_app(app: Flask) -> None:
    allowed = allowed_origins(app)

    @app.after_request
    def _allow_extensions(response: Response) -> Response:
        response.vary.add("Origin")
        for name, value in cors_headers(request.headers.get("Origin"), allowed):
            response.headers[name] = value
        return response
