"""The RQ worker classes Policywatch runs: RQ's own, with a prompt stop of the command thread.

rq 3.0 stops its pub/sub command thread by unsubscribing first and clearing the thread's flag
second; redis-py 8.2's stop() then waits for the thread, which, woken by the unsubscribe reply
before the flag was cleared, sleeps up to 60 s waiting for a new subscription. Every worker
exit (a burst run, Ctrl-C, a deploy) took up to a minute. Clearing the flag first lets the
unsubscribe reply end the thread at once.
"""

from __future__ import annotations

from rq import SimpleWorker, Worker

COMMAND_THREAD_JOIN_SECONDS = 2.0
"""Longest wait for the command thread after unsubscribing (it is a daemon thread)."""


class PromptUnsubscribe:
    """Mixin for rq.Worker classes: stop the command thread without the 60 s wait."""

    pubsub: object
    pubsub_thread: object

    def unsubscribe(self) -> None:
        thread = getattr(self, "pubsub_thread", None)
        if not thread:
            return
        thread.stop(timeout=0)  # clears the run flag; does not wait
        self.pubsub.unsubscribe()  # type: ignore[attr-defined]  # its reply wakes the thread
        thread.join(timeout=COMMAND_THREAD_JOIN_SECONDS)
        self.pubsub.close()  # type: ignore[attr-defined]


class PolicywatchWorker(PromptUnsubscribe, Worker):
    """Forks a work horse per job (production)."""


class PolicywatchSimpleWorker(PromptUnsubscribe, SimpleWorker):
    """Runs jobs in its own process (tests, burst runs in-process)."""
