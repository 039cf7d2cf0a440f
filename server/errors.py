"""Errors as {"error": {"code", "message"}} for the API, as a small HTML page for the pages people
read; one place decides which, so no route answers in the other's format."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

import redis.exceptions
from flask import Flask, Response, jsonify, make_response, render_template, request
from sqlalchemy.exc import OperationalError

from worker.errors import PolicywatchError

log = logging.getLogger(__name__)

JSON_PATHS = ("/api/", "/healthz")
"""Paths answered in JSON even when no route matched them (unknown API paths, wrong methods)."""


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def wants_html() -> bool:
    """HTML for the pages blueprint and unknown paths outside the API; JSON for everything else."""
    if request.blueprint is not None:
        return request.blueprint == "pages"
    return not request.path.startswith(JSON_PATHS)


def error_response(
    code: str,
    message: str,
    status: int,
    headers: Iterable[tuple[str, str]] = (),
) -> Response:
    """The error in the format the route speaks, with its status and any extra headers."""
    if wants_html():
        page = render_template("error.html", title=status_phrase(status), message=message)
        response = make_response(page, status)
    else:
        response = jsonify(error_body(code, message))
        response.status_code = status
    for name, value in headers:
        response.headers[name] = value
    return response


def status_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def validation_message(messages: Any) -> str:
    """One sentence from webargs' nested {location: {field: [messages]}}."""
    parts: list[str] = []

    def walk(node: Any, path: list[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path if key in {"json", "query", "view_args"} else [*path, str(key)])
        elif isinstance(node, list):
            for item in node:
                walk(item, path)
        else:
            field = ".".join(path)
            parts.append(f"{field}: {node}" if field else str(node))

    walk(messages, [])
    return "; ".join(parts) or "The request is not valid."


def init_app(app: Flask) -> None:
    @app.errorhandler(PolicywatchError)
    def _policywatch_error(error: PolicywatchError) -> Response:
        return error_response(error.code, error.message, error.status)

    @app.errorhandler(redis.exceptions.ConnectionError)
    @app.errorhandler(redis.exceptions.TimeoutError)
    def _queue_down(error: Exception) -> Response:
        log.warning("redis unavailable: %s", error)
        return error_response(
            "queue_unavailable",
            "The analysis queue is unavailable; stored reports are still served. Retry shortly.",
            503,
        )

    @app.errorhandler(OperationalError)
    def _database_down(error: Exception) -> Response:
        log.warning("database unavailable: %s", error)
        return error_response(
            "database_unavailable", "The database is unavailable. Retry shortly.", 503
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error")
        return error_response(
            "internal_error", "Something went wrong on our side; the error was logged.", 500
        )
