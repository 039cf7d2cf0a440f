"""Each web process's own copies of lookup-cache keys, so a repeated lookup sends its bytes
without a Redis round trip, and Redis tells the process when a key changes (server-assisted
client-side caching: CLIENT TRACKING in broadcast mode on the lookup keys' prefix).

One connection per process asks Redis for tracking, redirected to itself, and subscribes to
`__redis__:invalidate`: from then on, every write, deletion or expiry of a key under the
prefix, by any process on any machine, arrives there as the key's name (a FLUSHALL as None).
The connection is never waited on: each read first drains, without blocking, what has arrived
and drops those copies. Redis queues an invalidation in the same pass as its answer to the
write, so a request that follows a write it has heard of (a job reported finished, a key
deleted) finds the copy gone.

Safe with many processes: a copy is kept only when no invalidation arrived while it was read
(an epoch counter), every copy is dropped when the tracking connection is lost, and no copy is
used until tracking is back. Copies are bounded in bytes (least recently used go first) and in
age (belt and braces: an invalidation is never needed for a copy to go).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import redis.exceptions
from redis.connection import AbstractConnection, ConnectionPool

from worker import defaults

log = logging.getLogger(__name__)

CHANNEL = "__redis__:invalidate"
Values = tuple[bytes | None, ...]


@dataclass(slots=True)
class _Copy:
    fields: dict[str, bytes | None]
    size: int
    born: float


@dataclass(slots=True)
class NearCache:
    """Copies of hash fields (and marks that a key exists), per process, kept while Redis says
    nothing changed them."""

    pool: ConnectionPool
    """Where the connection's class and settings (host, password, TLS) come from."""
    prefix: str
    max_bytes: int = defaults.NEAR_CACHE_MAX_BYTES
    max_age: float = defaults.NEAR_CACHE_MAX_AGE_SECONDS
    pause_after_error: float = defaults.LOOKUP_CACHE_PAUSE_SECONDS
    _copies: OrderedDict[str, _Copy] = field(default_factory=OrderedDict, repr=False)
    _bytes: int = 0
    _epoch: int = 0
    _tracking: AbstractConnection | None = field(default=None, repr=False)
    _pid: int = 0
    _down_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def read(self, key: str, names: Sequence[str]) -> tuple[Values | None, int | None]:
        """The copied values of `names` in the hash `key` (None unless all are copied), and
        the epoch to hand back to `keep` after reading Redis (None: tracking is down, keep
        nothing)."""
        with self._lock:
            if not self._live():
                return None, None
            copy = self._copies.get(key)
            if copy is None:
                return None, self._epoch
            if time.monotonic() - copy.born > self.max_age:
                self._drop(key)
                return None, self._epoch
            try:
                values = tuple(copy.fields[name] for name in names)
            except KeyError:
                return None, self._epoch
            self._copies.move_to_end(key)
            return values, self._epoch

    def keep(
        self, key: str, names: Sequence[str], values: Sequence[bytes | None], epoch: int
    ) -> None:
        """Copy what a Redis read returned, unless any invalidation arrived since `epoch`."""
        with self._lock:
            if not self._live() or epoch != self._epoch:
                return
            copy = self._copies.get(key)
            if copy is None:
                copy = self._copies[key] = _Copy({}, 0, time.monotonic())
            self._bytes -= copy.size
            copy.fields.update(zip(names, values, strict=True))
            copy.size = len(key) + sum(len(name) + len(v or b"") for name, v in copy.fields.items())
            self._bytes += copy.size
            self._copies.move_to_end(key)
            while self._bytes > self.max_bytes and self._copies:
                self._drop(next(iter(self._copies)))

    def __len__(self) -> int:
        return len(self._copies)

    def _live(self) -> bool:
        """Drain the invalidations that arrived; connect when needed; whether copies may be
        used (call with the lock held)."""
        if self._pid != os.getpid():  # a forked child: the parent's socket is not ours
            self._tracking, self._pid = None, os.getpid()
            self._forget_all()
        if self._tracking is None and not self._connect():
            return False
        tracking = self._tracking
        assert tracking is not None
        try:
            while tracking.can_read(timeout=0):
                self._invalidate(tracking.read_response())
        except (redis.exceptions.RedisError, OSError) as error:
            self._lost(error)
            return False
        return True

    def _invalidate(self, message: Any) -> None:
        if not (isinstance(message, list) and len(message) == 3 and message[0] == b"message"):
            return  # a subscribe confirmation
        self._epoch += 1
        keys = message[2]
        if keys is None:  # FLUSHDB / FLUSHALL
            self._forget_all()
            return
        for key in keys:
            self._drop(key.decode("utf-8", "replace") if isinstance(key, bytes) else str(key))

    def _drop(self, key: str) -> None:
        copy = self._copies.pop(key, None)
        if copy is not None:
            self._bytes -= copy.size

    def _forget_all(self) -> None:
        self._copies.clear()
        self._bytes = 0
        self._epoch += 1

    def _connect(self) -> bool:
        if time.monotonic() < self._down_until:
            return False
        kwargs = {**self.pool.connection_kwargs, "protocol": 2}  # invalidations as Pub/Sub
        connection = self.pool.connection_class(**kwargs)
        try:
            connection.connect()
            connection.send_command("CLIENT", "ID")
            own_id = connection.read_response()
            connection.send_command(
                "CLIENT", "TRACKING", "ON", "REDIRECT", own_id, "BCAST", "PREFIX", self.prefix
            )
            connection.read_response()
            connection.send_command("SUBSCRIBE", CHANNEL)
            connection.read_response()
        except redis.exceptions.ResponseError as error:  # refused (ACL, renamed command, Redis 5)
            connection.disconnect()
            log.warning("near cache off: Redis refused client tracking: %s", error)
            self._down_until = float("inf")
            return False
        except (redis.exceptions.RedisError, OSError) as error:
            connection.disconnect()
            self._lost(error)
            return False
        self._tracking = connection
        self._forget_all()  # nothing copied before tracking began can be trusted
        return True

    def _lost(self, error: Exception) -> None:
        log.warning("near cache off for %.0f s: %s", self.pause_after_error, error)
        if self._tracking is not None:
            self._tracking.disconnect()
        self._tracking = None
        self._down_until = time.monotonic() + self.pause_after_error
        self._forget_all()
