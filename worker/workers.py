"""The RQ worker classes Policywatch runs: RQ's own, with a prompt stop of the command thread.

rq 3.0 stops its pub/sub command thread by unsubscribing first and clearing the thread's flag
second; redis-py 8.2's stop() then waits for the thread, which, woken by the unsubscribe reply
before the flag was cleared, sleeps up to 60 s waiting for a new subscription. Every worker
exit (a burst run, Ctrl-C, a deploy) took up to a minute. Clearing the flag first lets the
unsubscribe reply end the thread at once.
"""

from __future__ import annotations

from rq import SimpleWorker, Worker
from rq.worker.base import BaseWorker

COMMAND_THREAD_JOIN_SECONDS = 2.0
"""Longest wait for the command thread after unsubscribing (it is a daemon thread)."""


def unsubscribe_promptly(worker: BaseWorker) -> None:
    """Stop a worker's command thread without the 60 s wait (see the module docstring)."""
    thread = worker.pubsub_thread
    if not thread or worker.pubsub is None:
        return
    thread.stop(timeout=0)  # clears the run flag; does not wait
    worker.pubsub.unsubscribe()  # its reply wakes the thread, which then exits
    thread.join(timeout=COMMAND_THREAD_JOIN_SECONDS)
    worker.pubsub.close()


class PolicywatchWorker(Worker):
    """Forks a work horse per job (production)."""

    def unsubscribe(self) -> None:
        unsubscribe_promptly(self)


class PolicywatchSimpleWorker(SimpleWorker):
    """Runs jobs in its own process (tests, burst runs in-process)."""

    def unsubscribe(self) -> None:
        unsubscribe_promptly(self)
