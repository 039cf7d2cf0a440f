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


def init_app(app: Flask) -> None:
    allowed = origin_check(app.config.get("EXTENSION_ORIGINS"))

    @app.after_request
    def _allow_extensions(response: Response) -> Response:
        origin = request.headers.get("Origin")
        response.vary.add("Origin")
        if allowed(origin):
            response.headers["Access-Control-Allow-Origin"] = origin or ""
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
        return response
