"""A web process's copies of lookup-cache keys (worker/store/near_cache.py), on the real
redis-server: used without a round trip, dropped the moment anyone changes the key in Redis."""

from __future__ import annotations

import time

from redis import Redis

from tests.helpers import AppFactory
from tests.local_http import LocalHTTPServer
from tests.test_lookups import two_versions
from worker.store.near_cache import NearCache
from worker.store.report_cache import forget_policy, policy_key

PREFIX = "policywatch:lookup:"


def near(redis_url: str, **settings: float) -> NearCache:
    return NearCache(Redis.from_url(redis_url).connection_pool, PREFIX, **settings)  # type: ignore[arg-type]


def commands_processed(redis: Redis) -> int:
    return int(redis.info("stats")["total_commands_processed"])


def test_a_repeated_lookup_sends_a_copy_without_asking_redis(
    make_app: AppFactory, policy_site: LocalHTTPServer
) -> None:
    app = make_app()
    url, _ = two_versions(app, policy_site)
    client = app.test_client()
    redis: Redis = app.extensions["policywatch"].redis
    first = client.get("/api/v1/policies", query_string={"url": url})
    for _ in range(3):  # fill, then copy what Redis holds (the touch mark's write drops one)
        client.get("/api/v1/policies", query_string={"url": url})
    before = commands_processed(redis)
    answers = [client.get("/api/v1/policies", query_string={"url": url}) for _ in range(20)]
    assert commands_processed(redis) - before == 1  # the INFO command itself
    assert {answer.get_data() for answer in answers} == {first.get_data()}


def test_a_write_anywhere_is_seen_by_the_next_read(redis_url: str) -> None:
    cache, other = near(redis_url), Redis.from_url(redis_url)
    key = PREFIX + "p1"
    for round_ in range(200):
        other.hset(key, "report", f"v{round_}")
        _, epoch = cache.read(key, ("report",))
        assert epoch is not None
        cache.keep(key, ("report",), (f"v{round_}".encode(),), epoch)
        assert cache.read(key, ("report",))[0] == (f"v{round_}".encode(),)
        other.hset(key, "report", "changed")  # no sleep: the read drains what Redis sent
        assert cache.read(key, ("report",))[0] is None


def test_a_copy_read_across_a_write_is_not_kept(redis_url: str) -> None:
    cache, other = near(redis_url), Redis.from_url(redis_url)
    key = PREFIX + "p1"
    _, epoch = cache.read(key, ("report",))
    assert epoch is not None
    old = other.hget(key, "report")
    other.hset(key, "report", "new")  # the worker writes between the read and the copy
    cache.keep(key, ("report",), (old,), epoch)
    assert cache.read(key, ("report",))[0] is None


def test_only_the_fields_copied_answer_and_other_keys_do_not_disturb(redis_url: str) -> None:
    cache, other = near(redis_url), Redis.from_url(redis_url)
    key = PREFIX + "p1"
    _, epoch = cache.read(key, ())
    assert epoch is not None
    cache.keep(key, ("report", "generation"), (b"r", None), epoch)
    assert cache.read(key, ("report",))[0] == (b"r",)
    assert cache.read(key, ("report", "checked"))[0] is None
    other.set("rq:job:unrelated", "x")  # outside the prefix: no invalidation
    other.set(PREFIX + "p2", "x")  # another policy: this copy stays
    assert cache.read(key, ("generation",))[0] == (None,)


def test_forget_policy_flush_and_a_lost_connection_drop_every_copy(redis_url: str) -> None:
    cache, other = near(redis_url, pause_after_error=0.0), Redis.from_url(redis_url)

    def copy(pid: str) -> str:
        key = policy_key(pid)
        _, epoch = cache.read(key, ())
        assert epoch is not None
        cache.keep(key, ("report",), (b"r",), epoch)
        return key

    key = copy("p1")
    forget_policy(other, "p1")
    assert cache.read(key, ("report",))[0] is None

    key = copy("p1")
    other.flushdb()
    assert cache.read(key, ("report",))[0] is None

    key = copy("p1")
    assert other.client_kill_filter(_type="pubsub") >= 1  # Redis restarts, or drops us
    # nothing is used once the closed socket is seen (on a loaded machine, after a moment)
    deadline = time.monotonic() + 5
    while (seen := cache.read(key, ("report",))) != (None, None) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert seen == (None, None)
    key = copy("p1")  # tracking again after the pause: copies are kept anew
    other.hset(key, "report", "x")
    assert cache.read(key, ("report",))[0] is None


def test_copies_stay_within_their_byte_budget(redis_url: str) -> None:
    cache = near(redis_url, max_bytes=10_000)
    for index in range(20):
        key = f"{PREFIX}p{index}"
        _, epoch = cache.read(key, ())
        assert epoch is not None
        cache.keep(key, ("report",), (b"x" * 1_000,), epoch)
    assert 5 <= len(cache) <= 9
    assert cache.read(f"{PREFIX}p19", ("report",))[0] is not None  # the newest stay
    assert cache.read(f"{PREFIX}p0", ("report",))[0] is None


def test_without_redis_nothing_is_copied() -> None:
    cache = NearCache(Redis(port=1).connection_pool, PREFIX)
    assert cache.read(PREFIX + "p1", ()) == (None, None)


def test_two_processes_see_each_others_writes(
    make_app: AppFactory, policy_site: LocalHTTPServer
) -> None:
    """Two apps (as two web processes) serve copies; a new version written through one is
    what both answer next, with no wait."""
    one, two = make_app(), make_app()
    url, first = two_versions(one, policy_site)
    for app in (one, two):
        for _ in range(3):
            app.test_client().get("/api/v1/policies", query_string={"url": url})
    forget_policy(one.extensions["policywatch"].redis, first["policy_id"])
    redis: Redis = two.extensions["policywatch"].redis
    redis.hset(policy_key(first["policy_id"]), "generation", "999")
    for app in (one, two):
        cache = app.extensions["policywatch"].report_cache
        looked = cache.look(first["policy_id"], "report")
        assert looked is not None and looked.generation == b"999"


def test_a_redis_that_refuses_tracking_leaves_copies_off(redis_url: str) -> None:
    """A Redis that forbids CLIENT TRACKING (an ACL, a managed service): lookups read Redis."""
    admin = Redis.from_url(redis_url)
    admin.acl_setuser(
        "notrack",
        enabled=True,
        nopass=True,
        keys="*",
        channels="*",
        commands=["+@all", "-client|tracking"],
    )
    try:
        pool = Redis.from_url(redis_url, username="notrack").connection_pool
        cache = NearCache(pool, PREFIX)  # type: ignore[arg-type]
        assert cache.read(PREFIX + "p1", ()) == (None, None)
        connections = admin.info("stats")["total_connections_received"]
        assert cache.read(PREFIX + "p1", ()) == (None, None)
        assert admin.info("stats")["total_connections_received"] == connections  # no retry
    finally:
        admin.acl_deluser("notrack")
