"""The store on a real PostgreSQL server (started here when Debian's postgresql is installed)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers import SEEDS, AppFactory, free_port, run_jobs, serve_text
from tests.local_http import LocalHTTPServer
from worker.store import Store
from worker.store.migrate import upgrade

PG_BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


def as_postgres(*command: str) -> list[str]:
    """Run as the postgres user when we are root (PostgreSQL refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    if not PG_BIN or (os.geteuid() == 0 and shutil.which("runuser") is None):
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    bin_dir = Path(PG_BIN[-1])
    data = Path(tempfile.mkdtemp(prefix="policywatch-pg-"))  # pytest's tmp is root-only
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(
        as_postgres(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        as_postgres(
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-w",
            "-l",
            str(data / "log"),
            "-o",
            f"-p {port} -k {data} -h 127.0.0.1",
            "start",
        ),
        check=True,
        capture_output=True,
    )
    url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
    upgrade(url)
    yield url
    subprocess.run(
        as_postgres(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"),
        check=False,
        capture_output=True,
    )


def test_whole_flow_on_postgresql(
    make_app: AppFactory, policy_site: LocalHTTPServer, postgres_url: str
) -> None:
    app = make_app(DATABASE_URL=postgres_url)
    client = app.test_client()
    text = SEEDS[0].read_text(encoding="utf-8")
    url = serve_text(policy_site, "/pg-privacy", text)
    for body in (text, text + "\n\nWe may share your data with advertising partners."):
        serve_text(policy_site, "/pg-privacy", body)
        client.post("/api/v1/analyses", json={"url": url, "force": True})
        run_jobs(app)
    report = client.get("/api/v1/policies", query_string={"url": url}).get_json()
    versions = client.get(f"/api/v1/policies/{report['policy_id']}/versions").get_json()
    assert len(versions["versions"]) == 2
    assert client.get("/healthz").get_json()["database"] == "ok"


def test_concurrent_writers_store_one_version(postgres_url: str) -> None:
    stores = [Store(postgres_url) for _ in range(4)]
    now = datetime.now(UTC)
    barrier = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def write(store: Store) -> None:
        barrier.wait()
        try:
            store.record_version(
                policy_id="pgconcurrent0001",
                url="https://example.com/concurrent",
                final_url="https://example.com/concurrent",
                text="Same text.",
                version_id="v" * 64,
                analysis={"findings": []},
                grade="C",
                score=50,
                fetched_at=now,
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [v.id for v in stores[0].versions("pgconcurrent0001")] == ["v" * 64]
    for store in stores:
        store.dispose()


def test_cold_starts_on_fresh_postgresql_always_come_up(
    postgres_url: str, redis_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import create_engine, text

    from tests.test_cold_start import COLD_STARTS, cold_start

    admin = create_engine(
        postgres_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    for attempt in range(COLD_STARTS):
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE cold{attempt}"))
        cold_start(postgres_url.rsplit("/", 1)[0] + f"/cold{attempt}", redis_url, tmp_path)
    admin.dispose()


def test_workers_racing_on_one_change_send_one_event_per_webhook_on_postgresql(
    make_app: AppFactory, policy_site: LocalHTTPServer, postgres_url: str
) -> None:
    from tests.helpers import create_test_api_key, with_api_key
    from tests.test_api_keys import assert_one_event_per_webhook_when_workers_race

    app = make_app(DATABASE_URL=postgres_url)
    client = with_api_key(app.test_client(), create_test_api_key(app, "pg-race"))
    assert_one_event_per_webhook_when_workers_race(app, client, policy_site)


def test_concurrent_subscriptions_cannot_overrun_the_quota_on_postgresql(
    make_app: AppFactory, postgres_url: str
) -> None:
    from tests.helpers import create_test_api_key, with_api_key

    app = make_app(DATABASE_URL=postgres_url, KEY_MAX_WEBHOOKS="3")
    key = create_test_api_key(app, "pg-quota")
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def subscribe_once() -> None:
        client = with_api_key(app.test_client(), key)
        barrier.wait()
        hook = {"url": "http://127.0.0.1:9/hook", "policies": ["https://example.com/privacy"]}
        statuses.append(client.post("/api/v1/webhooks", json=hook).status_code)

    threads = [threading.Thread(target=subscribe_once) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [201, 201, 201, 403, 403, 403]


def test_long_urls_on_postgresql_are_refused_clearly_or_stored(
    make_app: AppFactory, policy_site: LocalHTTPServer, postgres_url: str
) -> None:
    """A URL at the 2,048-character limit is queued and its policy row written on PostgreSQL
    (whose index once refused URLs over ~2.7 KB with a misleading 503); one more is 400."""
    client = make_app(DATABASE_URL=postgres_url).test_client()
    base = policy_site.url("/p/")
    longest = base + "a" * (2048 - len(base))
    accepted = client.post("/api/v1/analyses", json={"url": longest})
    assert accepted.status_code == 202, accepted.get_json()
    refused = client.post("/api/v1/analyses", json={"url": longest + "a"})
    assert refused.status_code == 400
    assert refused.get_json()["error"]["code"] == "invalid_url"
    huge = client.post("/api/v1/analyses", json={"url": base + "a" * 10_000})
    assert huge.status_code in (400, 413)
