"""Alembic environment: runs on the connection `worker.migrate` hands it (no alembic.ini)."""

from __future__ import annotations

from alembic import context

import worker.webhook_models  # noqa: F401  (registers the webhook tables on Base)
from worker.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
