"""API keys owning webhooks, signing secrets encrypted at rest, one event per change.

- `api_keys` (name, SHA-256 of the key, created, last used, revoked) and `webhooks.api_key_id`:
  webhooks made before have none, keep delivering, and no key sees them.
- Signing secrets are encrypted from now on; the ones stored in clear before are encrypted by
  `db upgrade` (worker.store.migrate) whenever POLICYWATCH_SECRET_KEY is set, this time or a
  later one; until then the code reads both forms.
- `policies.version_changes` numbers the changes of a policy's current version (0 for the
  changes before), so a change back and forth again is a new event with a new message id.
- A unique (webhook_id, message_id, attempt): attempts already logged twice under one number
  (a redelivery racing a retry) are renumbered first.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("api_key_id", sa.String(length=40), nullable=True))
        batch_op.create_index(batch_op.f("ix_webhooks_api_key_id"), ["api_key_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_webhooks_api_key_id", "api_keys", ["api_key_id"], ["id"], ondelete="CASCADE"
        )

    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("version_changes", sa.Integer(), server_default="0", nullable=False)
        )

    renumber_duplicate_attempts(op.get_bind())
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_webhook_deliveries_attempt", ["webhook_id", "message_id", "attempt"]
        )


def renumber_duplicate_attempts(connection: sa.Connection) -> None:
    """Give the later of two attempts logged under one number the next free number."""
    deliveries = sa.table(
        "webhook_deliveries",
        sa.column("id", sa.String),
        sa.column("webhook_id", sa.String),
        sa.column("message_id", sa.String),
        sa.column("attempt", sa.Integer),
        sa.column("created_at", sa.DateTime),
    )
    rows = connection.execute(
        sa.select(
            deliveries.c.id, deliveries.c.webhook_id, deliveries.c.message_id, deliveries.c.attempt
        ).order_by(
            deliveries.c.webhook_id,
            deliveries.c.message_id,
            deliveries.c.attempt,
            deliveries.c.created_at,
            deliveries.c.id,
        )
    ).all()
    taken: dict[tuple[str, str], set[int]] = {}
    for row in rows:
        taken.setdefault((row.webhook_id, row.message_id), set()).add(row.attempt)
    seen: set[tuple[str, str, int]] = set()
    for row in rows:
        key = (row.webhook_id, row.message_id, row.attempt)
        if key not in seen:
            seen.add(key)
            continue
        numbers = taken[(row.webhook_id, row.message_id)]
        free = max(numbers) + 1
        numbers.add(free)
        seen.add((row.webhook_id, row.message_id, free))
        connection.execute(
            sa.update(deliveries).where(deliveries.c.id == row.id).values(attempt=free)
        )


def downgrade() -> None:
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("uq_webhook_deliveries_attempt", type_="unique")
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_constraint("fk_webhooks_api_key_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_webhooks_api_key_id"))
        batch_op.drop_column("api_key_id")
    with op.batch_alter_table("policies", schema=None) as batch_op:
        batch_op.drop_column("version_changes")
    op.drop_table("api_keys")
