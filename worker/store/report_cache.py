"""Reports, Diffs and history pages kept serialized in Redis, so a lookup sends stored bytes
with one read instead of rebuilding them from SQL rows.

Per policy, one hash holds what depends on its current version and last check (the Report's
`version.fetched_at` changes on every re-check): the Report, the Report with a diff since an
older version, diffs, the history page. The worker empties that hash whenever it writes the
policy (new version or re-check), leaving only a new `generation` number; a reader that
rebuilt an entry from SQL stores it only if the generation is still the one it read (one Lua
script), so a slow reader cannot put back what a write just replaced. A lookup is one HMGET.
Diffs between two fixed versions never change and are kept under their own keys, surviving
re-checks.

Every entry is its ETag (unquoted), a newline, then the exact response body. Entries are
stored under names that carry the code's identity (`report@3f9c...`, and in diff keys): after
an upgrade, the new code never sends bytes the old one rendered, while a write still clears the
entries of every version of the code (one hash per policy), as a rolling deploy needs.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis.exceptions
from redis import Redis

from worker import defaults
from worker.ingest.urls import normalise_url, policy_id
from worker.store.near_cache import NearCache

log = logging.getLogger(__name__)

PREFIX = "policywatch:lookup"
REDIS_ERRORS = (redis.exceptions.RedisError,)
"""Any Redis failure (down, timed out, out of memory, read-only replica): a cache that fails
is skipped, never a reason to fail a request or a job."""

_FORGET = """
local generation = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'generation', generation)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return generation
"""
"""Empty the policy's hash (KEYS[1]) but for a new generation, taken from its counter
(KEYS[2], kept ARGV[1] seconds, so a generation is never reused while a reader may hold it)."""

_FILL_IF_UNCHANGED = """
if redis.call('HGET', KEYS[1], 'generation') ~= (ARGV[1] ~= '' and ARGV[1] or false) then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1
"""
"""HSET fields into the policy's hash (KEYS[1]) only while its generation is the one read
before the rebuild (ARGV[1], '' for none); ARGV[2] is the TTL."""


_LOOK_AND_TOUCH = """
local found = redis.call('HMGET', KEYS[1], unpack(ARGV, 2))
found[#found + 1] = redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) and 1 or 0
return found
"""
"""HMGET fields (ARGV[2..]) of the policy's hash (KEYS[1]) and mark the policy touched
(KEYS[2], for ARGV[1] seconds); the last element is 1 when it was not marked yet. One command,
so a cached lookup costs one round trip and one reply to parse."""


def policy_key(policy_id: str) -> str:
    """The hash of a policy's entries that a re-check or a new version replaces."""
    return f"{PREFIX}:{policy_id}"


def generation_key(policy_id: str) -> str:
    """Counts the worker's writes of a policy (the hash carries the latest as `generation`)."""
    return f"{PREFIX}:generation:{policy_id}"


def touched_key(policy_id: str) -> str:
    """Present while the policy's looked_up_at was written recently."""
    return f"{PREFIX}:touched:{policy_id}"


def diff_key(policy_id: str, from_id: str, to_id: str, code: str = "") -> str:
    """A Diff between two fixed versions, as `code` renders it: it never changes."""
    return f"{PREFIX}:diff:{policy_id}:{from_id}:{to_id}" + (f"@{code}" if code else "")


_CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".json")
_PACKAGES = ("server", "worker")
_ROOT = Path(__file__).resolve().parents[2]
"""Where the server and worker packages are (a checkout, or site-packages)."""


@functools.cache
def code_id(root: Path = _ROOT) -> str:
    """A digest of the code and templates that shape the cached bytes (the server and worker
    packages under root): the same on every machine running the same code, new with any
    change to it. Large data files (the model) are left out: they change analyses, which are
    stored in SQL, not the way stored ones are sent."""
    digest = hashlib.sha256()
    for package in _PACKAGES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in _CODE_SUFFIXES and path.is_file() and path.stat().st_size < 1 << 20:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


def forget_policy(connection: Redis, policy_id: str) -> None:
    """After the worker wrote a policy (new version, or only checked again): drop its entries
    and move its generation, so no rebuild begun before the write is stored."""
    connection.eval(
        _FORGET,
        2,
        policy_key(policy_id),
        generation_key(policy_id),
        defaults.LOOKUP_GENERATION_TTL_SECONDS,
        defaults.LOOKUP_CACHE_TTL_SECONDS,
    )


def forget_policy_of(connection: Redis, url: str) -> None:
    """forget_policy for a URL's policy, after a job that may have written it (Redis down:
    logged; the entries then expire)."""
    try:
        forget_policy(connection, policy_id(normalise_url(url)))
    except REDIS_ERRORS as error:
        log.warning("lookup cache of %s not cleared: %s", url, error)


@dataclass(frozen=True, slots=True)
class Entry:
    """A serialized answer: its strong ETag (unquoted) and body."""

    etag: str
    body: bytes

    def pack(self) -> bytes:
        return self.etag.encode("ascii") + b"\n" + self.body

    @classmethod
    def unpack(cls, packed: bytes | str | None) -> Entry | None:
        if not packed:
            return None
        if isinstance(packed, str):  # a client that decodes responses
            packed = packed.encode("utf-8")
        etag, _, body = packed.partition(b"\n")
        return cls(etag.decode("ascii"), body)


@dataclass(frozen=True, slots=True)
class Looked:
    """What one read found: the fields asked for (None when missing) and the hash's
    generation (None when the policy was not written since the hash last expired)."""

    fields: dict[str, bytes | None]
    generation: bytes | None
    first_look: bool = False
    """Asked to touch: no lookup in the last LOOKUP_TOUCH_INTERVAL seconds (write looked_up_at)."""

    def entry(self, name: str) -> Entry | None:
        return Entry.unpack(self.fields.get(name))


@dataclass(slots=True)
class ReportCache:
    """The cache on one Redis connection; when Redis fails, it is left alone for a few seconds
    (answers are then built from SQL) rather than waited for on every request."""

    connection: Redis
    ttl: int = defaults.LOOKUP_CACHE_TTL_SECONDS
    enabled: bool = True
    near: NearCache | None = None
    """This process's copies of the hashes (None: every look reads Redis)."""
    pause_after_error: float = defaults.LOOKUP_CACHE_PAUSE_SECONDS
    code: str = field(default_factory=code_id)
    """The code's identity, in every stored name (see code_id)."""
    _down_until: float = field(default=0.0, repr=False)
    _look_and_touch: Any = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._look_and_touch = self.connection.register_script(_LOOK_AND_TOUCH)

    def field_name(self, name: str) -> str:
        """The hash field that holds `name` for this code."""
        return f"{name}@{self.code}"

    def usable(self) -> bool:
        return self.enabled and time.monotonic() >= self._down_until

    def _failed(self, error: Exception) -> None:
        log.warning("lookup cache unavailable for %.0f s: %s", self.pause_after_error, error)
        self._down_until = time.monotonic() + self.pause_after_error

    def look(self, policy_id: str, *names: str, touch: bool = False) -> Looked | None:
        """The named fields of the policy's hash and its generation (None when the cache is off
        or Redis is down), from this process's copy when Redis has not changed it, else in one
        round trip; with `touch`, also whether this is the first lookup of the policy in
        LOOKUP_TOUCH_INTERVAL seconds (a copy answers only while the touched mark lives)."""
        if not self.usable():
            return None
        key, fields = policy_key(policy_id), (*map(self.field_name, names), "generation")
        epoch = None
        if self.near is not None:
            values, epoch = self.near.read(key, fields)
            if values is not None and touch:
                marked, _ = self.near.read(touched_key(policy_id), ())
                values = values if marked is not None else None
            if values is not None:
                return Looked(dict(zip(names, values, strict=False)), values[-1])
        first = False
        try:
            if touch:
                *found, marked_now = self._look_and_touch(
                    keys=[key, touched_key(policy_id)],
                    args=[defaults.LOOKUP_TOUCH_INTERVAL_SECONDS, *fields],
                )
                first = marked_now == 1
            else:
                found = self.connection.hmget(key, fields)
        except REDIS_ERRORS as error:
            self._failed(error)
            return None
        if self.near is not None and epoch is not None:
            self.near.keep(key, fields, found, epoch)
            if touch:  # the script left the mark: its expiry or deletion drops this copy
                self.near.keep(touched_key(policy_id), (), (), epoch)
        *named, generation = found
        return Looked(dict(zip(names, named, strict=True)), generation, first)

    def fill(self, policy_id: str, looked: Looked | None, values: dict[str, bytes]) -> None:
        """Store rebuilt fields, unless the policy was written since `looked` was read."""
        if looked is None or not values or not self.usable():
            return
        packed: list[Any] = []
        for name, value in values.items():
            packed += [self.field_name(name), value]
        generation = looked.generation.decode("ascii") if looked.generation else ""
        try:
            self.connection.eval(
                _FILL_IF_UNCHANGED,
                1,
                policy_key(policy_id),
                generation,
                self.ttl,
                *packed,
            )
        except REDIS_ERRORS as error:
            self._failed(error)

    def diff(self, policy_id: str, from_id: str, to_id: str) -> Entry | None:
        """A stored Diff between two fixed versions."""
        if not self.usable():
            return None
        try:
            key = diff_key(policy_id, from_id, to_id, self.code)
            return Entry.unpack(self.connection.get(key))
        except REDIS_ERRORS as error:
            self._failed(error)
            return None

    def keep_diff(self, policy_id: str, from_id: str, to_id: str, entry: Entry) -> None:
        if not self.usable():
            return
        try:
            self.connection.set(
                diff_key(policy_id, from_id, to_id, self.code),
                entry.pack(),
                ex=defaults.DIFF_CACHE_TTL_SECONDS,
            )
        except REDIS_ERRORS as error:
            self._failed(error)
