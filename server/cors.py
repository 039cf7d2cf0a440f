"""CORS for browser extensions only: their origins may call the API, web pages may not."""

from __future__ import annotations

from flask import Flask, Response, request

EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
ALLOWED_HEADERS = "Accept, Content-Type, X-Policywatch-Install"


def is_extension_origin(origin: str | None) -> bool:
    return bool(origin) and origin.startswith(EXTENSION_SCHEMES)  # type: ignore[union-attr]


def init_app(app: Flask) -> None:
    @app.after_request
    def _allow_extensions(response: Response) -> Response:
        origin = request.headers.get("Origin")
        response.vary.add("Origin")
        if is_extension_origin(origin):
            response.headers["Access-Control-Allow-Origin"] = origin or ""
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, DELETE, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
            response.headers["Access-Control-Expose-Headers"] = "Retry-After"
        return response
