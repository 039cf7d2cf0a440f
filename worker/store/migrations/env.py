"""Alembic environment: runs on the connection `worker.store.migrate` hands it (no alembic.ini)."""

from __future__ import annotations

from alembic import context

import worker.store.tables  # noqa: F401  (registers the webhook tables on Base)
from worker.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
