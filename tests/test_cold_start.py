"""Cold starts: `policywatch db upgrade`, then gunicorn with the Procfile's two workers, on a
fresh database, several times in a row; every start must come up (it used to fail 1 in 3)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.helpers import free_port, policywatch_command

ROOT = Path(__file__).resolve().parent.parent
COLD_STARTS = 4


def procfile_web_command(port: int) -> list[str]:
    """The Procfile's `web:` line, with its port filled in."""
    line = next(
        line.removeprefix("web:").strip()
        for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("web:")
    )
    return shlex.split(line.replace("${PORT:-5000}", str(port)).replace("0.0.0.0", "127.0.0.1"))


def cold_start(database_url: str, redis_url: str, tmp_path: Path) -> None:
    """Migrate a fresh database, start the web as production does, and use it."""
    env = {
        **os.environ,
        "POLICYWATCH_DATABASE_URL": database_url,
        "POLICYWATCH_REDIS_URL": redis_url,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    migrated = subprocess.run(
        [*policywatch_command(), "db", "upgrade"], env=env, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    port = free_port()
    log = (tmp_path / f"gunicorn-{port}.log").open("w")
    web = subprocess.Popen(
        procfile_web_command(port), env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and web.poll() is None:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert health is not None, (tmp_path / f"gunicorn-{port}.log").read_text()
        assert health["database"] == "ok"
        for _ in range(4):  # each request may land on either worker: both must have booted
            missing = httpx.get(f"{base}/api/v1/policies", params={"url": "https://a.example/p"})
            assert missing.status_code == 404, missing.text
            assert missing.json()["error"]["code"] == "not_analysed"
        assert web.poll() is None, (tmp_path / f"gunicorn-{port}.log").read_text()
    finally:
        web.terminate()
        web.wait(timeout=30)
        log.close()
    assert "Worker failed to boot" not in (tmp_path / f"gunicorn-{port}.log").read_text()


def test_cold_starts_on_fresh_sqlite_always_come_up(redis_url: str, tmp_path: Path) -> None:
    for attempt in range(COLD_STARTS):
        cold_start(f"sqlite:///{tmp_path / f'cold{attempt}' / 'db.sqlite3'}", redis_url, tmp_path)


def test_upgrade_twice_is_a_no_op_and_adopts_a_legacy_database(tmp_path: Path) -> None:
    from sqlalchemy import inspect, text

    from worker.store import make_engine
    from worker.store.migrate import head_revision, upgrade

    url = f"sqlite:///{tmp_path / 'legacy.sqlite3'}"
    upgrade(url, "0001")  # the tables create_all made before migrations, without their stamp
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    engine.dispose()
    assert upgrade(url) == ("0001", head_revision())
    assert upgrade(url) == (head_revision(), head_revision())
    engine = make_engine(url)
    assert "alembic_version" in inspect(engine).get_table_names()
    engine.dispose()


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """A model changed without a migration fails here (alembic's autogenerate comparison)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from worker.store import make_engine
    from worker.store.migrate import upgrade
    from worker.store.tables import Base

    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_web_never_creates_tables(tmp_path: Path, redis_url: str) -> None:
    """Without `db upgrade`, two apps leave the database empty (no racing DDL), and health
    says the database is not usable rather than ok."""
    from sqlalchemy import inspect

    from server import create_app
    from worker.store import make_engine

    url = f"sqlite:///{tmp_path / 'untouched.sqlite3'}"
    config = {"TESTING": True, "DATABASE_URL": url, "REDIS_URL": redis_url}
    apps = [create_app(config) for _ in range(2)]
    assert apps[0].test_client().get("/healthz").get_json()["database"] == "down"
    for app in apps:
        app.extensions["policywatch"].store.dispose()
    engine = make_engine(url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()
