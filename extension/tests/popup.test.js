/**
 * The popup's flow with a stored report the server is re-checking, run on popup.html in linkedom
 * with a stand-in for the chrome.* APIs the popup uses (the service worker's answers are scripted).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, test } from "node:test";
import { parseHTML } from "linkedom";
import { MSG } from "../messages.js";
import { EXTENSION, fixture } from "./helpers.js";

const POPUP_HTML = readFileSync(join(EXTENSION, "popup.html"), "utf8");
const STORED = JSON.parse(fixture("analysis-stored-with-revalidation.json"));
const REVALIDATED = JSON.parse(fixture("revalidation-job-finished.json")).result;
const LEGACY_DIFF = JSON.parse(fixture("diff-without-changes.json"));
const SERVER = "http://127.0.0.1:5000";
const TAB = 7;

/** What the service worker answers to ANALYSE for the stored report. */
const analysed = (overrides = {}) => ({
  report: STORED.result,
  changed: false,
  seenVersion: STORED.result.version.id,
  firstLook: false,
  serverUrl: SERVER,
  revalidation: STORED.revalidation,
  ...overrides,
});

let imports = 0;

/**
 * Opens popup.html for tab 7 with `answers[type]` as the service worker: a function of the message
 * returning the reply (or throwing, as sendMessage does when the worker goes away).
 */
async function openPopup(answers) {
  const { document } = parseHTML(POPUP_HTML);
  const sent = [];
  globalThis.document = document;
  globalThis.location = new URL(`chrome-extension://policywatch/popup.html?tab=${TAB}`);
  globalThis.chrome = {
    storage: { local: { get: async () => ({ settings: { serverUrl: SERVER } }), set: async () => {} } },
    tabs: { query: async () => [] },
    permissions: { request: async () => true },
    runtime: {
      onMessage: { addListener: () => {} },
      openOptionsPage: () => {},
      sendMessage: async (message) => {
        sent.push(message);
        return answers[message.type](message, sent);
      },
    },
  };
  imports += 1;
  await import(`../popup.js?popup=${imports}`);
  return { document, sent, $: (id) => document.getElementById(id) };
}

/** Waits (a few event-loop turns at a time) until `ready()` holds. */
async function until(ready, what) {
  for (let turn = 0; turn < 200; turn += 1) {
    if (ready()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.fail(`never happened: ${what}`);
}

/** A promise the test settles by hand, to hold the re-check "in flight". */
function deferred() {
  let resolve;
  const promise = new Promise((done) => (resolve = done));
  return { promise, resolve };
}

const found = { ok: true, result: { site: "https://www.northfield-outfitters.example", candidates: [{ url: STORED.result.url }], remembered: null } };

afterEach(() => {
  delete globalThis.document;
  delete globalThis.location;
  delete globalThis.chrome;
});

describe("popup with a stored report being re-checked", () => {
  test("shows the stored report at once with the note, then swaps in the newer version and its changes", async () => {
    const recheck = deferred();
    const popup = await openPopup({
      [MSG.FIND_POLICY]: () => found,
      [MSG.ANALYSE]: () => ({ ok: true, result: analysed() }),
      [MSG.REVALIDATE]: () => recheck.promise,
    });
    await until(() => !popup.$("state-report").hidden && !popup.$("checking").hidden, "stored report with the note");
    assert.equal(popup.$("grade").textContent, "B");
    assert.equal(popup.$("checking").textContent, "Checking for updates…");
    assert.ok(popup.$("changed").hidden);
    const request = popup.sent.find((message) => message.type === MSG.REVALIDATE);
    assert.deepEqual(
      { ...request, type: undefined },
      { type: undefined, tabId: TAB, url: STORED.result.url, job: STORED.revalidation, shownVersion: STORED.result.version.id, firstLook: false },
    );

    const findingTitles = Object.fromEntries(STORED.result.findings.map(({ id, title }) => [id, title]));
    recheck.resolve({ ok: true, result: { ...analysed({ report: REVALIDATED, changed: true, findingTitles }), revalidation: undefined, updated: true } });
    await until(() => popup.$("grade").textContent === "E", "the re-checked report");
    assert.ok(popup.$("checking").hidden);
    assert.equal(popup.document.body.dataset.revalidation, "updated");
    assert.ok(!popup.$("changed").hidden);
    assert.equal(popup.$("grade-change").textContent, "Grade B → E");
    // the top changes are quoted below, so the summary line only names the findings gained and lost
    const headline = popup.$("change-summary").textContent;
    assert.match(headline, /^New: .+\. No longer: .+\.$/);
    assert.ok(!headline.includes("“"), "no quote repeated above the list");
    const kinds = [...popup.$("top-changes").querySelectorAll("li")].map((item) => item.getAttribute("data-kind"));
    assert.deepEqual(kinds, ["modified", "added", "removed"]);
    assert.equal(popup.$("top-changes").querySelector(".change-findings.removed").textContent, "No longer: Does not sell your data");
    assert.ok(!popup.$("diff-box").hasAttribute("open"), "the full diff is folded away");
    assert.ok(popup.$("diff").querySelector("ins"));
  });

  test("a failed re-check keeps the stored report and quietly drops the note", async () => {
    const popup = await openPopup({
      [MSG.FIND_POLICY]: () => found,
      [MSG.ANALYSE]: () => ({ ok: true, result: analysed() }),
      [MSG.REVALIDATE]: () => ({ ok: false, error: { code: "server_unreachable", message: "Cannot reach the Policywatch server." } }),
    });
    await until(() => popup.document.body.dataset.revalidation === "unavailable", "the re-check given up");
    assert.ok(popup.$("checking").hidden);
    assert.ok(!popup.$("state-report").hidden);
    assert.ok(popup.$("state-error").hidden, "no error banner");
    assert.equal(popup.document.body.dataset.error, undefined);
    assert.equal(popup.$("grade").textContent, "B");
  });

  test("the same version after the re-check: the report stays, the note goes", async () => {
    const popup = await openPopup({
      [MSG.FIND_POLICY]: () => found,
      [MSG.ANALYSE]: () => ({ ok: true, result: analysed() }),
      [MSG.REVALIDATE]: () => ({ ok: true, result: { updated: false } }),
    });
    await until(() => popup.document.body.dataset.revalidation === "current", "the re-check done");
    assert.ok(popup.$("checking").hidden);
    assert.equal(popup.$("grade").textContent, "B");
  });

  test("a service worker stopped mid-poll: the popup asks again and a new one takes over", async () => {
    const popup = await openPopup({
      [MSG.FIND_POLICY]: () => found,
      [MSG.ANALYSE]: () => ({ ok: true, result: analysed() }),
      [MSG.REVALIDATE]: (message, sent) => {
        if (sent.filter((m) => m.type === MSG.REVALIDATE).length === 1) {
          throw new Error("A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received");
        }
        return { ok: true, result: { ...analysed({ report: REVALIDATED, changed: true }), updated: true } };
      },
    });
    await until(() => popup.document.body.dataset.revalidation === "updated", "the re-check taken over");
    const asks = popup.sent.filter((message) => message.type === MSG.REVALIDATE);
    assert.equal(asks.length, 2);
    assert.deepEqual(asks[1], asks[0], "everything the worker needs is in the message");
    assert.equal(popup.$("grade").textContent, "E");
  });

  test("no re-check named (fresh copy or older server): no note, no REVALIDATE", async () => {
    const popup = await openPopup({
      [MSG.FIND_POLICY]: () => found,
      [MSG.ANALYSE]: () => ({ ok: true, result: analysed({ revalidation: null }) }),
    });
    await until(() => !popup.$("state-report").hidden, "the report");
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(popup.$("checking").hidden);
    assert.equal(popup.document.body.dataset.revalidation, undefined);
    assert.ok(!popup.sent.some((message) => message.type === MSG.REVALIDATE));
  });
});

describe("popup: a diff from a server without `changes`", () => {
  test("keeps today's view: built summary, the diff open, no list", async () => {
    const report = { ...REVALIDATED, diff: LEGACY_DIFF };
    const popup = await openPopup({
      [MSG.FIND_POLICY]: () => found,
      [MSG.ANALYSE]: () => ({ ok: true, result: analysed({ report, changed: true, revalidation: null }) }),
    });
    await until(() => !popup.$("state-report").hidden, "the report");
    assert.ok(!popup.$("changed").hidden);
    assert.ok(popup.$("top-changes").hidden);
    assert.ok(popup.$("grade-change").hidden);
    assert.ok(popup.$("change-summary").textContent.startsWith("The grade went from B to E. New: Sells personal data"));
    assert.ok(popup.$("diff-box").hasAttribute("open"));
    assert.ok([...popup.$("diff").querySelectorAll("ins")].some((node) => node.textContent.includes("sell, rent or trade")));
  });
});
