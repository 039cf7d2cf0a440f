import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { ApiError, INSTALL_HEADER, createClient, needsDiffSince, parseRetryAfter, pollDelays, revalidationOf } from "../api.js";
import { fixture } from "./helpers.js";

const REPORT = {
  policy_id: "pol_1",
  url: "https://shop.example.com/privacy",
  final_url: "https://shop.example.com/privacy",
  version: { id: "v2", first_seen: "2024-05-01T00:00:00Z", fetched_at: "2024-05-02T00:00:00Z" },
  badge: { grade: "C", score: 55, label: "Some concerns" },
  findings: [],
  categories: [],
  summary: "",
  diff: null,
};
const error = (code, message) => JSON.stringify({ error: { code, message } });
/** A stored report the server is re-checking (POST 200 with `revalidation`), and that job's result. */
const STORED = JSON.parse(fixture("analysis-stored-with-revalidation.json"));
const REVALIDATED = JSON.parse(fixture("revalidation-job-finished.json"));
const REVALIDATION_JOB = STORED.revalidation.job_id;

/** A real HTTP server speaking the part of API.md the extension uses; jobs answer from a script. */
function startServer() {
  const requests = [];
  const jobScripts = {
    job_ok: [
      [200, { job_id: "job_ok", status: "queued", result: null, error: null }],
      [200, { job_id: "job_ok", status: "started", result: null, error: null }],
      [429, error("rate_limited", "Slow down."), { "Retry-After": "2" }],
      [200, { job_id: "job_ok", status: "finished", result: REPORT, error: null }],
    ],
    job_fail: [[200, { job_id: "job_fail", status: "failed", result: null, error: { code: "not_a_policy", message: "This page is not a privacy policy." } }]],
    job_forever: [[200, { job_id: "job_forever", status: "started", result: null, error: null }]],
    [REVALIDATION_JOB]: [
      [200, { job_id: REVALIDATION_JOB, status: "started", result: null, error: null }],
      [200, REVALIDATED],
    ],
    job_reval_fail: [[200, { job_id: "job_reval_fail", status: "failed", result: null, error: { code: "fetch_failed", message: "The site answered 503." } }]],
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const url = new URL(req.url, "http://x");
      requests.push({ method: req.method, path: url.pathname, query: url.searchParams, headers: req.headers, body: body && JSON.parse(body) });
      const send = (status, payload, headers = {}) => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(typeof payload === "string" ? payload : JSON.stringify(payload));
      };
      if (req.method === "POST" && url.pathname === "/api/v1/analyses") {
        const target = JSON.parse(body).url;
        if (target.includes("cached")) return send(200, { job_id: null, status: "finished", result: REPORT });
        if (target === STORED.result.url) return send(200, STORED);
        if (target.includes("ftp")) return send(400, error("invalid_url", "Use an http or https address."));
        if (target.includes("busy")) return send(429, error("rate_limited", "Too many requests from this install."), { "Retry-After": "30" });
        if (target.includes("proxy")) {
          res.writeHead(502, { "Content-Type": "text/html" });
          return res.end("<html><body>Bad Gateway</body></html>");
        }
        const job = target.includes("fail") ? "job_fail" : target.includes("forever") ? "job_forever" : "job_ok";
        return send(202, { job_id: job, status: "queued", poll: `/api/v1/analyses/${job}` });
      }
      const job = url.pathname.match(/^\/api\/v1\/analyses\/(\w+)$/)?.[1];
      if (job && jobScripts[job]) {
        const script = jobScripts[job];
        const [status, payload, headers] = script.length > 1 ? script.shift() : script[0];
        return send(status, payload, headers);
      }
      if (url.pathname === "/api/v1/policies") {
        if (url.searchParams.get("url") !== REPORT.url) return send(404, error("not_analysed", "This URL was never analysed."));
        const since = url.searchParams.get("since");
        return send(200, { ...REPORT, diff: since ? { from: since, to: "v2", ops: [[0, "We "], [1, "sell"]], stats: { changed: true } } : null });
      }
      return send(404, error("not_found", "Unknown path."));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, requests, url: `http://127.0.0.1:${server.address().port}` })));
}

describe("api client against a local server", () => {
  let local;
  const waits = [];
  const client = () =>
    createClient({
      baseUrl: `${local.url}/`,
      installToken: "3b241101-e2bb-4255-8caf-4136c566a962",
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
  before(async () => {
    local = await startServer();
  });
  after(() => local.server.close());

  test("queues, polls with backoff, honours Retry-After and returns the report", async () => {
    waits.length = 0;
    const progress = [];
    const report = await client().analyse(
      { url: "https://shop.example.com/privacy", since: "v1" },
      { onProgress: (p) => progress.push(p.status) },
    );
    assert.deepEqual(report, REPORT);
    assert.deepEqual(progress, ["queued", "queued", "started", "rate_limited"]);
    assert.deepEqual(waits, [500, 750, 2000], "backoff, then the server's Retry-After of 2 s");
    const post = local.requests.find((r) => r.method === "POST");
    assert.deepEqual(post.body, { url: "https://shop.example.com/privacy", force: false, since: "v1" });
    assert.equal(post.headers["content-type"], "application/json");
  });

  test("every request carries the install token header and no cookies", async () => {
    for (const request of local.requests) {
      assert.equal(request.headers[INSTALL_HEADER.toLowerCase()], "3b241101-e2bb-4255-8caf-4136c566a962");
      assert.equal(request.headers.cookie, undefined);
    }
  });

  test("a fresh cached result needs no polling", async () => {
    const before = local.requests.length;
    assert.deepEqual(await client().analyse({ url: "https://cached.example.com/privacy" }), REPORT);
    assert.equal(local.requests.length, before + 1);
  });

  test("a stale stored report comes back at once with its re-check job, which polls to the new version", async () => {
    waits.length = 0;
    const before = local.requests.length;
    const { report, revalidation } = await client().lookUp({ url: STORED.result.url, since: STORED.result.version.id });
    assert.deepEqual(report, STORED.result);
    assert.deepEqual(revalidation, STORED.revalidation);
    assert.equal(local.requests.length, before + 1, "nothing polled yet");
    const fresh = await client().waitForJob(revalidation);
    assert.equal(fresh.version.id, REVALIDATED.result.version.id);
    assert.notEqual(fresh.version.id, report.version.id);
    assert.equal(fresh.diff.from, report.version.id, "diffed against the version the user saw");
    assert.deepEqual(local.requests.slice(-2).map((r) => r.path), [STORED.revalidation.poll, STORED.revalidation.poll]);
    assert.deepEqual(waits, [500], "the same backoff as any job");
  });

  test("a queued analysis and a fresh cached one carry no re-check", async () => {
    assert.equal((await client().lookUp({ url: "https://cached.example.com/privacy" })).revalidation, null);
    const queued = await client().lookUp({ url: "https://shop.example.com/privacy" });
    assert.deepEqual([queued.report, queued.revalidation], [REPORT, null]);
  });

  test("analyse still returns just the (stored) report", async () => {
    assert.deepEqual(await client().analyse({ url: STORED.result.url }), STORED.result);
  });

  test("a failed re-check is an ApiError the caller can drop", async () => {
    await assert.rejects(client().waitForJob({ job_id: "job_reval_fail", poll: null }), { code: "fetch_failed" });
  });

  const FAILURES = [
    ["ftp://files.example.com/privacy", "invalid_url", 400, null],
    ["https://busy.example.com/privacy", "rate_limited", 429, 30],
    ["https://fail.example.com/privacy", "not_a_policy", 0, null],
    ["https://proxy.example.com/privacy", "bad_response", 502, null],
  ];
  for (const [url, code, status, retryAfter] of FAILURES) {
    test(`${url} → ${code}`, async () => {
      await assert.rejects(client().analyse({ url }), (err) => {
        assert.ok(err instanceof ApiError);
        assert.equal(err.code, code);
        assert.equal(err.status, status);
        assert.equal(err.retryAfter, retryAfter);
        assert.ok(err.message.length > 0);
        return true;
      });
    });
  }

  test("a job that never finishes ends with job_timeout", async () => {
    await assert.rejects(client().analyse({ url: "https://forever.example.com/privacy" }, { deadlineMs: 3000 }), { code: "job_timeout" });
  });

  test("stored policy with a diff since a version; null when never analysed", async () => {
    const report = await client().latestPolicy(REPORT.url, "v1");
    assert.equal(report.diff.from, "v1");
    const query = local.requests.at(-1).query;
    assert.equal(query.get("url"), REPORT.url);
    assert.equal(query.get("since"), "v1");
    assert.equal(await client().latestPolicy("https://unknown.example.com/privacy"), null);
  });

  test("a server that is not running → server_unreachable", async () => {
    const closed = createServer();
    await new Promise((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = closed.address().port;
    await new Promise((resolve) => closed.close(resolve));
    const offline = createClient({ baseUrl: `http://127.0.0.1:${port}`, installToken: "t" });
    await assert.rejects(offline.analyse({ url: "https://shop.example.com/privacy" }), { code: "server_unreachable" });
  });
});

describe("revalidation in a 200 answer", () => {
  test("the job and its poll path", () => {
    assert.deepEqual(revalidationOf(STORED), { job_id: "an_7c1e5b0a9d3f42e8", poll: "/api/v1/analyses/an_7c1e5b0a9d3f42e8" });
  });
  test("none queued, an older server, or a malformed one → null", () => {
    assert.equal(revalidationOf({ ...STORED, revalidation: null }), null);
    const { revalidation: _dropped, ...older } = STORED;
    assert.equal(revalidationOf(older), null);
    assert.equal(revalidationOf({ revalidation: { poll: "/api/v1/analyses/x" } }), null);
    assert.equal(revalidationOf({ revalidation: "an_1" }), null);
    assert.equal(revalidationOf(null), null);
  });
  test("a poll that is not a path on this server is dropped (the job id is polled instead)", () => {
    assert.deepEqual(revalidationOf({ revalidation: { job_id: "an_1", poll: "https://elsewhere.example/x" } }), { job_id: "an_1", poll: null });
  });
});

describe("which diff the shown report needs", () => {
  const seen = STORED.result.version.id;
  const fresh = REVALIDATED.result;
  test("the re-checked report's diff already starts at the seen version", () => {
    assert.equal(needsDiffSince(fresh, seen), false);
  });
  test("a diff against another version, or none, is fetched again", () => {
    assert.equal(needsDiffSince({ ...fresh, diff: { ...fresh.diff, from: "0".repeat(64) } }, seen), true);
    assert.equal(needsDiffSince({ ...fresh, diff: null }, seen), true);
  });
  test("the seen version itself, or nothing seen yet, needs no diff", () => {
    assert.equal(needsDiffSince(STORED.result, seen), false);
    assert.equal(needsDiffSince(fresh, null), false);
  });
});

describe("timing helpers", () => {
  test("poll delays grow by half up to five seconds", () => {
    const delays = pollDelays();
    const first = Array.from({ length: 9 }, () => delays.next().value);
    assert.deepEqual(first, [500, 750, 1125, 1688, 2532, 3798, 5000, 5000, 5000]);
  });
  test("Retry-After as seconds or as an HTTP date", () => {
    assert.equal(parseRetryAfter("120"), 120);
    assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT")), 30);
    assert.equal(parseRetryAfter("soon"), null);
    assert.equal(parseRetryAfter(null), null);
  });
});
