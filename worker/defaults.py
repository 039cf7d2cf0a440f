"""Constants of the pipeline, one place for every tunable number."""

from __future__ import annotations

FETCH_MAX_BYTES = 5 * 1024 * 1024
"""Largest decoded response body we accept (decompression bombs included)."""

FETCH_DEADLINE_SECONDS = 20.0
"""Total time allowed for one fetch, redirects included."""

FETCH_READ_TIMEOUT_SECONDS = 10.0
"""Longest silence allowed between two reads of a response."""

FETCH_MAX_REDIRECTS = 5
"""Redirect hops followed before giving up."""

FETCH_USER_AGENT = "Policywatch/0.1 (+https://github.com/policywatch)"
"""User-Agent sent with every fetch."""

ALLOWED_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "text/markdown",
        "application/pdf",
    }
)
"""Media types the fetcher accepts."""

QUEUE_NAME = "policywatch"
"""The RQ queue analysis jobs go to."""

WEBHOOK_QUEUE_NAME = "policywatch-webhooks"
"""The RQ queue webhook deliveries go to."""

JOB_TIMEOUT_SECONDS = 120
"""Longest an analysis job may run before RQ stops it."""

QUEUE_ALIASES = {"analyses": QUEUE_NAME, "webhooks": WEBHOOK_QUEUE_NAME}
"""The short names `policywatch worker --queues` takes, and the RQ queue each stands for."""

WORKER_TTL_SECONDS = 25
"""RQ's worker_ttl: an idle worker waits at most this minus 15 s (10 s) between heartbeats."""

JOB_HEARTBEAT_SECONDS = 5
"""How often a busy worker's heartbeat refreshes itself and its running job."""

WORKER_DEAD_AFTER_SECONDS = 20
"""A worker whose last heartbeat is older than this is dead: its running job is abandoned."""

SWEEP_SECONDS = 10
"""How often workers and `policywatch cron` look for abandoned jobs (RQ's registry cleanup)."""

REDIS_RETRY_MAX_SECONDS = 2.0
"""Longest pause between two tries of a Redis command while Redis is unreachable (workers)."""

HEALTH_TIMEOUT_SECONDS = 1.0
"""How long each /healthz check (Redis, database) may take before it counts as down."""

SQLITE_BUSY_TIMEOUT_SECONDS = 5.0
"""How long a SQLite statement waits for a lock; well under gunicorn's 30 s worker timeout."""

JOB_RESULT_TTL_SECONDS = 24 * 3600
"""How long RQ keeps a finished job's result."""

JOB_RETRY_INTERVALS = (5, 30, 120)
"""Seconds between retries of a job whose fetch failed transiently."""

REVALIDATE_AFTER_SECONDS = 600
"""A stored report last checked longer ago than this is re-checked when someone looks."""

READING_WORDS_PER_MINUTE = 238
"""Average adult silent reading speed, for reading_minutes."""

POLICY_CONFIDENCE_THRESHOLD = 0.5
"""Below this confidence that a text is a privacy policy, the job fails with not_a_policy."""

SUPPORTED_LANGUAGES = frozenset({"en"})
"""Languages whose policies get findings and a badge (the rules and classifier are English)."""

WEBHOOK_EVENTS = ("policy.changed",)
"""The event types a webhook can subscribe to."""

WEBHOOK_MAX_POLICIES = 100
"""Most policies one webhook subscription may watch."""

WEBHOOK_DEADLINE_SECONDS = 10.0
"""Total time one webhook delivery attempt may take: connect, headers and body together."""

WEBHOOK_JOB_TIMEOUT_SECONDS = 30
"""Longest a delivery job may run before RQ stops it (counts as an interrupted attempt)."""

WEBHOOK_RETRY_DELAYS = (5, 30, 120, 600, 3600, 4 * 3600, 12 * 3600)
"""Seconds before each retry of a failed delivery: 8 attempts over about 17 hours."""

WEBHOOK_RETRY_JITTER = 0.2
"""Each retry delay is scaled by a random factor within ±this fraction."""

WEBHOOK_DISABLE_AFTER_SECONDS = 5 * 24 * 3600
"""A webhook whose every attempt has failed for this long is disabled."""

WEBHOOK_CRASH_RETRIES = 3
"""RQ re-runs of a delivery job whose worker died; each re-run logs the lost attempt."""

WEBHOOK_RESPONSE_LOG_BYTES = 512
"""How much of a failed response's body is kept in the delivery log."""

WEBHOOK_USER_AGENT = "Policywatch-Webhooks/0.1"
"""User-Agent of webhook deliveries."""

WEBHOOK_REQUEUE_GRACE_SECONDS = 600
"""A pending delivery overdue by this long without an RQ job is queued again."""

WATCH_INTERVAL_SECONDS = 24 * 3600
"""How often a watched policy is re-checked."""

WATCH_LOOKBACK_SECONDS = 30 * 24 * 3600
"""A policy someone looked up within this window is watched even without a webhook."""

WATCH_SWEEP_SECONDS = 600
"""How often the cron scheduler looks for policies that are due."""

WATCH_SPREAD_SECONDS = 600
"""Re-checks found in one sweep are spread at random over this many seconds."""

WATCH_BATCH = 1000
"""At most this many re-checks are queued per sweep; the rest wait for the next one."""

RENDER_DEADLINE_SECONDS = 15.0
"""Time budget of one render: navigation, every request the page makes, and settling."""

RENDER_MIN_WORDS = 300
"""A page with scripts whose plain text has fewer words is rendered (too short for a policy)."""

RENDER_SHELL_MAX_WORDS = 1500
"""An app shell (empty mount node, "enable JavaScript") is rendered below this many words."""

RENDER_MAX_TOTAL_BYTES = 25 * 1024 * 1024
"""Bytes all the responses of one render may add up to (each is also held to FETCH_MAX_BYTES)."""

RENDER_BROWSER_MAX_PAGES = 100
"""Pages one Chromium renders before it is replaced, so leaks stay bounded."""

RENDER_JS_HEAP_MB = 256
"""V8 heap cap of the rendering Chromium (--max-old-space-size)."""

CHROMIUM_PATH = "/usr/bin/chromium"
"""The Chromium binary Playwright drives (Debian's chromium package)."""

LOOKUP_CACHE_TTL_SECONDS = 24 * 3600
"""How long a serialized Report or history page stays in Redis unless a write replaces it."""

LOOKUP_GENERATION_TTL_SECONDS = 7 * 24 * 3600
"""How long Redis remembers that a policy was written (rebuilds begun before are not kept)."""

DIFF_CACHE_TTL_SECONDS = 7 * 24 * 3600
"""How long a serialized Diff between two fixed versions stays in Redis."""

LOOKUP_CACHE_PAUSE_SECONDS = 5.0
"""After a Redis error the lookup cache is skipped this long (answers built from SQL)."""

LOOKUP_TOUCH_INTERVAL_SECONDS = 300
"""A policy's looked_up_at is written at most this often (a lookup is otherwise a read)."""

NEAR_CACHE_MAX_BYTES = 32 * 1024 * 1024
"""Bytes of lookup-cache copies one web process keeps (least recently used go first)."""

NEAR_CACHE_MAX_AGE_SECONDS = 60.0
"""A web process's copy of a lookup-cache key is read from Redis again after this long, even
when Redis sent no invalidation (which it always does on a write, deletion or expiry)."""
