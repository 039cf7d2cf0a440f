"""The app's connections (store, Redis, queue) and the box that encrypts webhook secrets, built
once per app from its config."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from redis import Redis
from rq import Queue

from worker.jobs import make_queue
from worker.settings import Settings
from worker.store import Store
from worker.store.near_cache import NearCache
from worker.store.report_cache import PREFIX, ReportCache
from worker.store.secret_box import SecretBox, secret_box


@dataclass(frozen=True, slots=True)
class Services:
    settings: Settings
    store: Store
    redis: Redis
    queue: Queue
    secrets: SecretBox
    report_cache: ReportCache


def init_app(app: Flask) -> None:
    settings = Settings.from_mapping(app.config)
    redis = Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    app.extensions["policywatch"] = Services(
        settings=settings,
        store=Store(settings.database_url),
        redis=redis,
        queue=make_queue(redis),
        secrets=secret_box(settings.SECRET_KEY),
        report_cache=ReportCache(
            redis,
            enabled=bool(settings.LOOKUP_CACHE),
            near=NearCache(redis.connection_pool, PREFIX + ":")
            if settings.LOOKUP_NEAR_CACHE
            else None,
        ),
    )


def current_services() -> Services:
    services: Services = current_app.extensions["policywatch"]
    return services
