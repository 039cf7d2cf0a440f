"""API keys on the webhooks API: `Authorization: Bearer <key>` on every request, or 401."""

from __future__ import annotations

from flask import Response, g, request
from flask_smorest import Api, Blueprint

from server.errors import error_response
from server.services import current_services
from worker.store.api_keys import ApiKeyRecord, authenticate

SECURITY_SCHEME = "apiKey"
"""The OpenAPI name of the bearer scheme the webhook operations require."""

REALM = 'Bearer realm="policywatch"'

KEY_REQUIRED: list[dict[str, list[str]]] = [{SECURITY_SCHEME: []}]
"""The OpenAPI `security` of an operation that needs a key."""


def document_scheme(api: Api) -> None:
    """Declare the bearer scheme in the app's OpenAPI document (once per app)."""
    api.spec.components.security_scheme(
        SECURITY_SCHEME,
        {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key (pwk_...) the operator made with "
            "`policywatch api-key create NAME`.",
        },
    )


def init_blueprint(blp: Blueprint) -> None:
    """Require a live API key on every request the blueprint routes (CORS preflights aside)."""

    @blp.before_request
    def _require_api_key() -> Response | None:
        if request.method == "OPTIONS":
            return None
        scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not presented.strip():
            return unauthorized(
                "This endpoint needs an API key: send Authorization: Bearer <key> "
                "(the operator makes keys with `policywatch api-key create NAME`).",
                REALM,
            )
        key = authenticate(current_services().store, presented.strip())
        if key is None:
            return unauthorized(
                "The API key is unknown or was revoked.", f'{REALM}, error="invalid_token"'
            )
        g.api_key = key
        return None


def current_api_key() -> ApiKeyRecord:
    """The key the current request was authenticated with."""
    key: ApiKeyRecord = g.api_key
    return key


def unauthorized(message: str, challenge: str) -> Response:
    return error_response("unauthorized", message, 401, [("WWW-Authenticate", challenge)])
