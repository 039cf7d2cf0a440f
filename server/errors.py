"""JSON errors for every failure: {"error": {"code", "message"}}, never an HTML page."""

from __future__ import annotations

import logging
from typing import Any

import redis.exceptions
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import OperationalError

from worker.errors import PolicywatchError

log = logging.getLogger(__name__)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def error_response(code: str, message: str, status: int) -> ResponseReturnValue:
    return jsonify(error_body(code, message)), status


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
    def _policywatch_error(error: PolicywatchError) -> ResponseReturnValue:
        return error_response(error.code, error.message, error.status)

    @app.errorhandler(redis.exceptions.ConnectionError)
    @app.errorhandler(redis.exceptions.TimeoutError)
    def _queue_down(error: Exception) -> ResponseReturnValue:
        log.warning("redis unavailable: %s", error)
        return error_response(
            "queue_unavailable",
            "The analysis queue is unavailable; stored reports are still served. Retry shortly.",
            503,
        )

    @app.errorhandler(OperationalError)
    def _database_down(error: Exception) -> ResponseReturnValue:
        log.warning("database unavailable: %s", error)
        return error_response(
            "database_unavailable", "The database is unavailable. Retry shortly.", 503
        )

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        log.exception("unexpected error")
        return error_response(
            "internal_error", "Something went wrong on our side; the error was logged.", 500
        )
