"""Limits on what a request may carry: bodies up to 64 KB (413 too_large), JSON nested at most
32 deep and well formed (400 invalid_json), checked before any view or json.loads recursion."""

from __future__ import annotations

import json
import re
from itertools import accumulate

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from server.errors import error_response

MAX_BODY_BYTES = 64 * 1024
"""Largest request body accepted; a policy URL request is a few hundred bytes."""

MAX_JSON_DEPTH = 32
"""Deepest nesting of JSON arrays and objects accepted; the API's bodies need three."""

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text, without parsing it (no recursion)."""
    brackets = _BRACKET.findall(_JSON_STRING.sub("", text))
    steps = (1 if bracket in "[{" else -1 for bracket in brackets)
    return max(accumulate(steps), default=0)


def json_problem(body: bytes) -> str | None:
    """Why a JSON body cannot be accepted, or None when it is fine."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "The request body is not UTF-8 encoded JSON."
    if json_depth(text) > MAX_JSON_DEPTH:
        return f"The request body nests JSON deeper than {MAX_JSON_DEPTH} levels."
    try:
        json.loads(text)
    except ValueError as error:
        return f"The request body is not valid JSON ({error})."
    return None


def is_chunked() -> bool:
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def init_app(app: Flask) -> None:
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # Flask's default is None: no limit
        app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES

    @app.before_request
    def _check_body() -> Response | None:
        # werkzeug stops a streamed (chunked) body at MAX_CONTENT_LENGTH without an error
        if is_chunked() and len(request.get_data(cache=True)) >= app.config["MAX_CONTENT_LENGTH"]:
            raise RequestEntityTooLarge()
        if not request.is_json:
            return None
        body = request.get_data(cache=True)  # a Content-Length over the limit raises 413 here
        if not body:
            return None
        problem = json_problem(body)
        return error_response("invalid_json", problem, 400) if problem else None

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(error: RequestEntityTooLarge) -> Response:
        limit = app.config["MAX_CONTENT_LENGTH"] // 1024
        return error_response("too_large", f"The request body is over {limit} KB.", 413)
