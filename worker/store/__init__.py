"""The SQL store of policies, versions and jobs (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from worker import defaults
from worker.records import JobStatus
from worker.store.tables import Job, Policy, Version, utcnow


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """A version as written, and what it replaced."""

    version: Version
    previous_id: str | None
    created: bool


RECORD_VERSION_TRIES = 5
"""Attempts at storing a version while other workers store versions of the same policy."""


class _CurrentVersionMoved(Exception):
    """Another worker changed the policy's current version since it was read."""


def _move_current_version(
    session: Session, policy_id: str, previous_id: str | None, version_id: str
) -> None:
    """Set the current version if it is still `previous_id`, counting the change."""
    still = (
        Policy.current_version_id.is_(None)
        if previous_id is None
        else Policy.current_version_id == previous_id
    )
    moved = session.execute(
        update(Policy)
        .where(Policy.id == policy_id, still)
        .values(current_version_id=version_id, version_changes=Policy.version_changes + 1)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise _CurrentVersionMoved(policy_id)


def make_engine(database_url: str) -> Engine:
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        busy_timeout = defaults.SQLITE_BUSY_TIMEOUT_SECONDS  # a locked file waits this long
        engine = create_engine(database_url, connect_args={"timeout": busy_timeout})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgres://")
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.removeprefix("postgresql://")
    return create_engine(database_url, pool_pre_ping=True)


class Store:
    """All database access; sessions are short and every write is one transaction."""

    def __init__(self, database_url: str) -> None:
        self.engine = make_engine(database_url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def ping(self) -> bool:
        """Can a query read the tables? (A bare SELECT 1 would not notice a locked SQLite file
        or a schema never created.)"""
        try:
            with self.engine.connect() as connection:
                connection.execute(select(Policy.id).limit(1))
        except Exception:
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()

    # Policies and versions

    def policy(self, policy_id: str) -> Policy | None:
        with self.session() as session:
            return session.get(Policy, policy_id)

    def version(self, policy_id: str, version_id: str) -> Version | None:
        with self.session() as session:
            return session.get(Version, (policy_id, version_id))

    def current_version(self, policy_id: str) -> Version | None:
        policy = self.policy(policy_id)
        if policy is None or policy.current_version_id is None:
            return None
        return self.version(policy_id, policy.current_version_id)

    def versions(self, policy_id: str) -> list[Version]:
        """Versions of a policy, newest first."""
        with self.session() as session:
            query = (
                select(Version)
                .where(Version.policy_id == policy_id)
                .order_by(Version.first_seen.desc(), Version.id)
            )
            return list(session.scalars(query))

    def ensure_policy(self, policy_id: str, url: str) -> Policy:
        """The policy row for a URL, created on first sight (safe against a concurrent insert)."""
        try:
            with self.session() as session:
                policy = session.get(Policy, policy_id)
                if policy is None:
                    policy = Policy(id=policy_id, url=url, created_at=utcnow())
                    session.add(policy)
                return policy
        except IntegrityError:
            found = self.policy(policy_id)
            assert found is not None
            return found

    def touch_lookup(self, policy_id: str, when: datetime | None = None) -> None:
        with self.session() as session:
            policy = session.get(Policy, policy_id)
            if policy is not None:
                policy.looked_up_at = when or utcnow()

    def record_version(
        self,
        *,
        policy_id: str,
        url: str,
        final_url: str,
        text: str,
        version_id: str,
        analysis: dict[str, Any],
        grade: str | None,
        score: int | None,
        fetched_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> StoredVersion:
        """Write a fetched text as a version (or move an existing one's last_seen).

        The current version moves by compare-and-set: of two workers that fetched one change
        at once, one sees the change (previous_id differs) and the other sees none, so one
        change is notified once."""
        self.ensure_policy(policy_id, url)
        for _attempt in range(RECORD_VERSION_TRIES):
            try:
                with self.session() as session:
                    policy = session.get(Policy, policy_id)
                    assert policy is not None
                    previous_id = policy.current_version_id
                    version = session.get(Version, (policy_id, version_id))
                    created = version is None
                    if version is None:
                        version = Version(
                            policy_id=policy_id,
                            id=version_id,
                            text=text,
                            analysis=analysis,
                            grade=grade,
                            score=score,
                            first_seen=fetched_at,
                            last_seen=fetched_at,
                        )
                        session.add(version)
                    elif fetched_at > version.last_seen:
                        version.last_seen = fetched_at
                    if previous_id != version_id:
                        _move_current_version(session, policy_id, previous_id, version_id)
                    policy.final_url = final_url
                    policy.checked_at = fetched_at
                    policy.etag = etag
                    policy.last_modified = last_modified
                    session.flush()
                    return StoredVersion(version, previous_id, created)
            except (IntegrityError, _CurrentVersionMoved):
                continue  # another worker wrote first; read its outcome back
        raise RuntimeError(f"could not store version {version_id} of policy {policy_id}")

    def mark_unchanged(self, policy_id: str, fetched_at: datetime) -> Version | None:
        """A conditional fetch said 304: the current version was seen again."""
        with self.session() as session:
            policy = session.get(Policy, policy_id)
            if policy is None or policy.current_version_id is None:
                return None
            policy.checked_at = fetched_at
            version = session.get(Version, (policy_id, policy.current_version_id))
            if version is not None and fetched_at > version.last_seen:
                version.last_seen = fetched_at
            return version

    # Jobs

    def job(self, job_id: str) -> Job | None:
        with self.session() as session:
            return session.get(Job, job_id)

    def save_job(self, job_id: str, *, policy_id: str, url: str, since: str | None) -> Job:
        """Record a newly queued job (a re-run of the same URL reuses its row)."""
        for _attempt in range(2):
            try:
                with self.session() as session:
                    job = session.get(Job, job_id)
                    if job is None:
                        job = Job(id=job_id, policy_id=policy_id, url=url)
                        session.add(job)
                    job.since = since
                    job.status = JobStatus.QUEUED
                    job.error_code = job.error_message = job.version_id = None
                    job.created_at = job.updated_at = utcnow()
                    return job
            except IntegrityError:
                continue
        raise RuntimeError(f"could not save job {job_id}")

    def update_job(
        self,
        job_id: str,
        status: str,
        *,
        error: dict[str, str] | None = None,
        version_id: str | None = None,
    ) -> None:
        with self.session() as session:
            job = session.get(Job, job_id)
            if job is None:
                return
            job.status = status
            job.error_code = error["code"] if error else None
            job.error_message = error["message"] if error else None
            if version_id is not None:
                job.version_id = version_id
            job.updated_at = utcnow()


_process_stores: dict[str, Store] = {}


def worker_store(database_url: str) -> Store:
    """One store (engine and pool) per worker process and database."""
    store = _process_stores.get(database_url)
    if store is None:
        store = _process_stores[database_url] = Store(database_url)
    return store


def close_worker_stores() -> None:
    """Close every worker store's connections (tests, shutdown)."""
    for store in _process_stores.values():
        store.dispose()
    _process_stores.clear()
