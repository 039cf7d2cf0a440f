"""The flask-smorest Api: validates requests with the schemas and documents them in OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response
from flask_smorest import Api, Blueprint
from werkzeug.exceptions import HTTPException

from server.errors import error_response, validation_message
from server.schemas import ErrorSchema

View = TypeVar("View", bound=Callable[..., Any])
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds until a request is let through again",
        "schema": {"type": "integer"},
    }
}
WWW_AUTHENTICATE = {
    "WWW-Authenticate": {
        "description": 'The scheme to authenticate with: Bearer realm="policywatch"',
        "schema": {"type": "string"},
    }
}
ERROR_HEADERS = {401: WWW_AUTHENTICATE, 429: RETRY_AFTER}


class PolicywatchApi(Api):
    """An Api whose every error is {"error": {"code", "message"}}, bad input a 400."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def handle_http_exception(self, error: HTTPException) -> Response:
        data = getattr(error, "data", None) or {}
        messages = data.get("messages") or data.get("errors")
        if messages:
            json_errors = messages.get("json", {}) if isinstance(messages, dict) else {}
            if isinstance(json_errors, list) and any("JSON" in m for m in json_errors):
                return error_response("invalid_json", "The request body is not valid JSON.", 400)
            return error_response("invalid_request", validation_message(messages), 400)
        headers = [
            (name, value) for name, value in error.get_headers() if name.lower() != "content-type"
        ]  # keeps Allow on a 405
        headers.extend(data.get("headers", {}).items())
        code = (error.name or "error").lower().replace(" ", "_").replace("'", "")
        message = error.description or error.name or "Request failed."
        return error_response(code, message, error.code or 500, headers)


def documented_errors(blp: Blueprint, errors: dict[int, str]) -> Callable[[View], View]:
    """Document the error statuses a view can answer, each with the error codes it uses."""

    def decorate(view: View) -> View:
        for status, codes in sorted(errors.items(), reverse=True):
            headers = ERROR_HEADERS.get(status)
            view = blp.alt_response(status, schema=ErrorSchema, description=codes, headers=headers)(
                view
            )
        return view

    return decorate


api = PolicywatchApi(
    spec_kwargs={
        "info": {
            "description": "Risk badges, evidence-backed findings and change tracking "
            'for privacy policies. Every error is {"error": {"code", "message"}}.'
        }
    }
)
