"""Policywatch web server: the Flask app factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from server import auth, cors, errors, headers, rate_limit, request_guard, services
from server.fast_lookups import StoredLookups
from server.openapi import api
from worker.settings import INSTANCE_PATH, Settings


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then POLICYWATCH_* env vars, then test_config."""
    app = Flask(__name__, instance_path=str(INSTANCE_PATH), instance_relative_config=True)
    app.config.from_mapping(
        Settings().as_config(),
        API_TITLE="Policywatch",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
    )
    app.config.from_prefixed_env("POLICYWATCH")
    if test_config is not None:
        app.config.update(test_config)

    app.json.sort_keys = False  # type: ignore[attr-defined]
    services.init_app(app)
    trust_proxies(app)
    errors.init_app(app)
    headers.init_app(app)
    cors.init_app(app)
    rate_limit.init_app(app)
    request_guard.init_app(app)
    api.init_app(app)
    auth.document_scheme(api)

    from server import analyses, feeds, health, pages, policies, webhooks

    api.register_blueprint(analyses.blp)
    api.register_blueprint(policies.blp)
    api.register_blueprint(webhooks.blp)
    app.register_blueprint(health.blp)
    app.register_blueprint(pages.blp)
    app.register_blueprint(feeds.blp)
    app.wsgi_app = StoredLookups(  # type: ignore[method-assign]
        app.wsgi_app, app.extensions["policywatch"], cors.allowed_origins(app)
    )
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client address and scheme from their
    X-Forwarded-For/-Proto; with none (the default) those headers are ignored, as anyone can
    send them."""
    proxies = int(app.extensions["policywatch"].settings.TRUSTED_PROXIES)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]
