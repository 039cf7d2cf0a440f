"""The flask-smorest Api: validates requests with the schemas and documents them in OpenAPI."""

from __future__ import annotations

from typing import Any

from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from server.errors import error_body, validation_message
from server.schemas import ErrorSchema


class PolicywatchApi(Api):
    """An Api whose every error is {"error": {"code", "message"}}, bad input a 400."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = "DEFAULT_ERROR"

    def handle_http_exception(self, error: HTTPException) -> tuple[Any, int, dict[str, str]]:
        data = getattr(error, "data", None) or {}
        messages = data.get("messages") or data.get("errors")
        if messages:
            json_errors = messages.get("json", {}) if isinstance(messages, dict) else {}
            if isinstance(json_errors, list) and any("JSON" in m for m in json_errors):
                return error_body("invalid_json", "The request body is not valid JSON."), 400, {}
            return error_body("invalid_request", validation_message(messages)), 400, {}
        return error_body_for_http(error), error.code or 500, data.get("headers", {})


def error_body_for_http(error: HTTPException) -> dict[str, Any]:
    code = (error.name or "error").lower().replace(" ", "_").replace("'", "")
    return error_body(code, error.description or error.name or "Request failed.")


api = PolicywatchApi(
    spec_kwargs={
        "info": {
            "description": "Risk badges, evidence-backed findings and change tracking "
            'for privacy policies. Every error is {"error": {"code", "message"}}.'
        }
    }
)
