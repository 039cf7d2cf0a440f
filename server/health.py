"""GET /healthz: is the service able to answer, and how many workers are listening."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from rq import Worker

from server.services import current_services

blp = Blueprint("health", __name__)


@blp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """ok when Redis and the database answer; degraded (still 200) otherwise."""
    services = current_services()
    try:
        services.redis.ping()
        workers = Worker.count(connection=services.redis)
        redis_state = "ok"
    except Exception:
        workers, redis_state = 0, "down"
    database_state = "ok" if services.store.ping() else "down"
    status = "ok" if redis_state == database_state == "ok" else "degraded"
    return jsonify(
        {"status": status, "redis": redis_state, "database": database_state, "workers": workers}
    )
