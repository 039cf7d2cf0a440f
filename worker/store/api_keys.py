"""API keys of the webhooks API: made and revoked by the operator (`policywatch api-key`),
shown once, stored as their SHA-256 only."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from worker.errors import PolicywatchError
from worker.store import Store
from worker.store.tables import ApiKey, Webhook, utcnow

KEY_PREFIX = "pwk_"
"""How every key begins, so a leaked one is easy to recognise (and to scan for)."""

LAST_USED_PRECISION = timedelta(minutes=1)
"""last_used_at is written at most this often per key, not on every request."""

REVOKED_REASON = "Its API key was revoked."


class ApiKeyNameTaken(PolicywatchError):
    code = "api_key_name_taken"
    status = 409


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    """An API key as the operator sees it: never the key itself."""

    id: str
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def create_api_key(store: Store, name: str) -> tuple[ApiKeyRecord, str]:
    """A new key named `name`: its record and the key, which is not stored and not shown again."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKey(
        id=f"key_{secrets.token_hex(12)}",
        name=name,
        key_hash=key_hash(key),
        created_at=utcnow(),
    )
    try:
        with store.session() as session:
            session.add(row)
            session.flush()
            record = _record(row)
    except IntegrityError:
        raise ApiKeyNameTaken(
            f"An API key named {name!r} exists already (names are never reused, even revoked)."
        ) from None
    return record, key


def list_api_keys(store: Store) -> list[ApiKeyRecord]:
    """Every key, revoked ones included, oldest first."""
    with store.session() as session:
        rows = session.scalars(select(ApiKey).order_by(ApiKey.created_at, ApiKey.name))
        return [_record(row) for row in rows]


def revoke_api_key(store: Store, name: str) -> ApiKeyRecord | None:
    """Refuse the key from now on and disable its webhooks; None when no key has that name."""
    with store.session() as session:
        row = session.scalars(select(ApiKey).where(ApiKey.name == name)).first()
        if row is None:
            return None
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        session.execute(
            update(Webhook)
            .where(Webhook.api_key_id == row.id, Webhook.active.is_(True))
            .values(active=False, disabled_reason=REVOKED_REASON)
        )
        session.flush()
        return _record(row)


def authenticate(store: Store, presented: str) -> ApiKeyRecord | None:
    """The live key `presented` is, or None (unknown, malformed or revoked).

    The lookup is by SHA-256, so response times tell nothing about the key; the found hash is
    compared in constant time all the same."""
    if not presented.startswith(KEY_PREFIX) or len(presented) > 200:
        return None
    digest = key_hash(presented)
    with store.session() as session:
        row = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest)).first()
        if row is None or not hmac.compare_digest(row.key_hash, digest):
            return None
        if row.revoked_at is not None:
            return None
        now = utcnow()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_PRECISION:
            row.last_used_at = now
        session.flush()
        return _record(row)


def _record(row: ApiKey) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )
