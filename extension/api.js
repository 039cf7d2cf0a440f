/**
 * Talks to the Policywatch server (API.md, version 1): queue an analysis, poll the job, read a
 * stored report with its diff. Every failure becomes an ApiError with a snake_case code.
 */

/** Header carrying the per-install random token the server rate-limits on. */
export const INSTALL_HEADER = "X-Policywatch-Install";

const REQUEST_TIMEOUT_MS = 15_000;
const POLL = Object.freeze({ firstDelayMs: 500, factor: 1.5, maxDelayMs: 5_000, deadlineMs: 180_000 });
/** Longest wait honoured from a Retry-After header while polling. */
const MAX_RETRY_AFTER_S = 60;

/** A failure with a code the popup turns into a state: the server's own codes, plus
 * server_unreachable, rate_limited, bad_response, job_timeout. */
export class ApiError extends Error {
  constructor(code, message, { status = 0, retryAfter = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  toJSON() {
    return { code: this.code, message: this.message, status: this.status, retryAfter: this.retryAfter };
  }
}

/** Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value === "") return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const when = Date.parse(value);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - now) / 1000));
}

/** The delays between polls: grows by `factor` up to `maxDelayMs`. */
export function* pollDelays({ firstDelayMs, factor, maxDelayMs } = POLL) {
  let delay = firstDelayMs;
  for (;;) {
    yield delay;
    delay = Math.min(maxDelayMs, Math.round(delay * factor));
  }
}

/**
 * A client for one server: `baseUrl` like "http://127.0.0.1:5000", `installToken` from
 * storage. `fetch` and `sleep` can be replaced (tests use a real local server and a fast sleep).
 */
export function createClient({ baseUrl, installToken, fetch = globalThis.fetch, sleep = defaultSleep }) {
  const root = baseUrl.replace(/\/+$/, "");

  async function request(path, { method = "GET", body } = {}) {
    const headers = { Accept: "application/json", [INSTALL_HEADER]: installToken };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(root + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiError("server_unreachable", `Cannot reach the Policywatch server at ${root} (${error.message}).`);
    }
    let payload = null;
    try {
      payload = await response.json();
    } catch {
      payload = null;
    }
    if (response.ok && payload && typeof payload === "object") return { status: response.status, payload };
    throw errorFromResponse(response, payload, root);
  }

  /** POST /api/v1/analyses → {job_id, status, poll} (202) or {status: "finished", result} (200). */
  function startAnalysis({ url, since = null, force = false }) {
    const body = { url, force };
    if (since) body.since = since;
    return request("/api/v1/analyses", { method: "POST", body }).then(({ payload }) => payload);
  }

  /** Polls a job until it finishes; calls onProgress({status, attempt}) after each poll. */
  async function waitForJob(job, { onProgress = () => {}, deadlineMs = POLL.deadlineMs } = {}) {
    const path = job.poll?.startsWith("/") ? job.poll : `/api/v1/analyses/${encodeURIComponent(job.job_id)}`;
    const started = Date.now();
    const delays = pollDelays();
    for (let attempt = 1; ; attempt += 1) {
      let wait = delays.next().value;
      try {
        const { payload } = await request(path);
        if (payload.status === "finished" && payload.result) return payload.result;
        if (payload.status === "failed") {
          const error = payload.error ?? {};
          throw new ApiError(error.code || "job_failed", error.message || "The analysis failed.");
        }
        onProgress({ status: payload.status, attempt });
      } catch (error) {
        if (error.code !== "rate_limited") throw error;
        wait = Math.min(MAX_RETRY_AFTER_S, error.retryAfter ?? 5) * 1000;
        onProgress({ status: "rate_limited", attempt });
      }
      if (Date.now() - started + wait > deadlineMs) {
        throw new ApiError("job_timeout", "The analysis is taking too long; try again in a minute.");
      }
      await sleep(wait);
    }
  }

  /**
   * Queues (or reuses) an analysis → {report, revalidation}. A stored report comes back at once,
   * with the re-check job the server queued for it (or null); a queued analysis is waited for.
   */
  async function lookUp({ url, since = null, force = false }, { onProgress, deadlineMs } = {}) {
    const started = await startAnalysis({ url, since, force });
    if (started.status === "finished" && started.result) {
      return { report: started.result, revalidation: revalidationOf(started) };
    }
    onProgress?.({ status: started.status || "queued", attempt: 0 });
    return { report: await waitForJob(started, { onProgress, deadlineMs }), revalidation: null };
  }

  /** Queues (or reuses) an analysis and waits for its Report (a stored one is not re-checked). */
  async function analyse(args, options) {
    return (await lookUp(args, options)).report;
  }

  /** GET /api/v1/policies?url=&since= → the latest stored Report (diff filled), or null if never analysed. */
  async function latestPolicy(url, since = null) {
    const query = new URLSearchParams({ url });
    if (since) query.set("since", since);
    try {
      return (await request(`/api/v1/policies?${query}`)).payload;
    } catch (error) {
      if (error.code === "not_analysed") return null;
      throw error;
    }
  }

  return { baseUrl: root, request, startAnalysis, waitForJob, lookUp, analyse, latestPolicy };
}

/**
 * The re-check job a 200 answer names ({job_id, poll}), or null: none queued, an older server
 * that sends no `revalidation`, or one that is malformed. `poll` is kept only as a path on the
 * same server; otherwise waitForJob builds it from the job id.
 */
export function revalidationOf(answer) {
  const job = answer?.revalidation;
  if (!job || typeof job !== "object" || typeof job.job_id !== "string" || !job.job_id) return null;
  const poll = typeof job.poll === "string" && job.poll.startsWith("/") ? job.poll : null;
  return { job_id: job.job_id, poll };
}

/** Whether `report` needs its diff fetched against `since`: it is another version and its diff is
 * missing or starts elsewhere (a shared re-check job may have diffed against someone else's). */
export function needsDiffSince(report, since) {
  if (!since || report?.version?.id === since) return false;
  return report?.diff?.from !== since;
}

/** Turns a non-2xx (or non-JSON) response into an ApiError, keeping the server's code and message. */
export function errorFromResponse(response, payload, root = "") {
  const retryAfter = parseRetryAfter(response.headers.get("Retry-After"));
  const error = payload && typeof payload === "object" ? payload.error : null;
  if (response.status === 429) {
    const wait = retryAfter == null ? "a moment" : `${retryAfter} s`;
    return new ApiError("rate_limited", error?.message || `Too many checks from this browser; try again in ${wait}.`, {
      status: 429,
      retryAfter,
    });
  }
  if (error?.code) {
    return new ApiError(error.code, error.message || error.code, { status: response.status, retryAfter });
  }
  return new ApiError(
    "bad_response",
    `The server at ${root} answered ${response.status} with something other than Policywatch JSON; is it the right address?`,
    { status: response.status },
  );
}

function defaultSleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
