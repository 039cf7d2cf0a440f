"""`make run`'s Redis (scripts/dev-redis, Procfile.dev) outlives the processes that use it when
honcho stops everything, so Ctrl-C ends in a clean shutdown instead of workers retrying a Redis
that vanished under them. Real redis-server, real signals."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from tests.helpers import free_port
from tests.test_recovery import wait_until

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "dev-redis"


def _pings(client: Redis) -> bool:
    try:
        return bool(client.ping())
    except RedisError:
        return False


def test_redis_waits_for_its_last_client_then_stops() -> None:
    port = free_port()
    script = subprocess.Popen(
        [str(SCRIPT)],
        env={**os.environ, "REDIS_PORT": str(port)},
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # as honcho starts each process
    )
    client = Redis(port=port, socket_timeout=2)
    try:
        wait_until(lambda: _pings(client), timeout=10, step=0.05)
        os.killpg(script.pid, signal.SIGTERM)  # honcho's stop: the whole process group
        time.sleep(0.6)
        assert _pings(client), "Redis went away while a client still used it"
        client.close()
        script.wait(timeout=10)
        assert not _pings(Redis(port=port, socket_timeout=1))
    finally:
        client.close()
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)


def test_a_redis_already_running_is_reused_and_left_alone() -> None:
    port = free_port()
    binary = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    own = subprocess.Popen(binary, stdout=subprocess.DEVNULL)
    client = Redis(port=port, socket_timeout=2)
    try:
        wait_until(lambda: _pings(client), timeout=10, step=0.05)
        script = subprocess.Popen(
            [str(SCRIPT)],
            env={**os.environ, "REDIS_PORT": str(port)},
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(0.5)
        assert script.poll() is None  # it stays, as honcho expects of a process
        os.killpg(script.pid, signal.SIGTERM)
        script.wait(timeout=10)
        assert _pings(client)  # somebody else's Redis is not stopped
    finally:
        client.close()
        own.terminate()
        own.wait(timeout=10)
