"""Schema migrations (Alembic): `policywatch db upgrade` creates or upgrades the tables.

Run once per deployment (the Procfile's `release:` line, `make run`), never by the web or the
workers, so two processes starting on a fresh database cannot race to create one table.
Concurrent upgrades are serialised anyway: a PostgreSQL advisory lock, a file lock on SQLite.
Each upgrade also encrypts webhook secrets still stored in clear, when POLICYWATCH_SECRET_KEY is
set (without it they are left as they are: a development key must not lock them in).
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from worker.settings import Settings
from worker.store import make_engine
from worker.store.secret_box import secret_box
from worker.store.webhooks import encrypt_plaintext_secrets

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST_REVISION = "0001"
"""The schema every database made before migrations existed already has."""
_PG_LOCK_KEY = 0x706F6C77  # "polw"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).with_name(Path(database).name + ".migrate-lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def upgrade_engine(
    engine: Engine, revision: str = "head", secret_key: str = ""
) -> tuple[str | None, str]:
    """Bring the schema to `revision`, then encrypt plaintext webhook secrets with `secret_key`
    (a POLICYWATCH_SECRET_KEY value; empty leaves them); returns (revision before, after)."""
    lock = _sqlite_file_lock(engine) if engine.dialect.name == "sqlite" else nullcontext()
    with (
        lock,
        engine.connect() as connection,
        _foreign_keys_off(connection),
        connection.begin(),
    ):
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        before = MigrationContext.configure(connection).get_current_revision()
        config = alembic_config(connection)
        if before is None and inspect(connection).has_table("policies"):
            command.stamp(config, FIRST_REVISION)  # made by create_all before migrations
            before = FIRST_REVISION
        command.upgrade(config, revision)
        after = MigrationContext.configure(connection).get_current_revision()
        if secret_key.strip() and inspect(connection).has_table("webhooks"):
            encrypted = encrypt_plaintext_secrets(connection, secret_box(secret_key))
            if encrypted:
                log.info("encrypted %d webhook secrets stored in clear", encrypted)
    return before, after or ""


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while migrating: a batch migration rebuilds a table by copy,
    drop and rename, and dropping `webhooks` would cascade to its deliveries and policies."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # not inside a transaction, or no-op
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def upgrade(
    database_url: str, revision: str = "head", secret_key: str | None = None
) -> tuple[str | None, str]:
    """upgrade_engine on a URL; `secret_key` defaults to POLICYWATCH_SECRET_KEY."""
    if secret_key is None:
        secret_key = Settings.from_env().SECRET_KEY
    engine = make_engine(database_url)
    try:
        return upgrade_engine(engine, revision, secret_key)
    finally:
        engine.dispose()
