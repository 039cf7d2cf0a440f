/**
 * The popup: finds the tab's policy link, asks the service worker to analyse it, and shows the
 * grade, findings, topics and what changed. `?tab=<id>` names the tab when opened outside the
 * toolbar (tests, or a pinned popup tab).
 */
import { MSG } from "./messages.js";
import {
  categoryNodes,
  changeHeadline,
  changeSummary,
  changesNode,
  diffNodes,
  findingNode,
  gradeChangeText,
  gradeColours,
  sortFindings,
} from "./render.js";
import { getSettings, serverOrigins } from "./store.js";

const TOP_FINDINGS = 5;
const PROGRESS = {
  queued: { step: 1, text: "Waiting in the server's queue…" },
  started: { step: 2, text: "Reading and grading the policy…" },
  rate_limited: { step: 1, text: "The server asked us to slow down; waiting…" },
};
/** How each error code is shown: a title and the ways out offered. */
const ERRORS = {
  server_unreachable: { title: "Server unreachable", retry: true, options: true },
  rate_limited: { title: "Too many checks", retry: true },
  not_a_policy: { title: "Not a privacy policy", paste: true },
  fetch_failed: { title: "Could not fetch the policy", retry: true, paste: true },
  fetch_timeout: { title: "The policy's site did not answer in time", retry: true, paste: true },
  too_large: { title: "The policy is too large", paste: true },
  unsupported_content: { title: "Not a page Policywatch can read", paste: true },
  blocked_url: { title: "This address cannot be checked", paste: true },
  invalid_url: { title: "This is not a web address", paste: true },
  permission_needed: { title: "Permission needed", grant: true, options: true },
  page_unreadable: { title: "Cannot read this page", paste: true },
  job_timeout: { title: "Still working", retry: true },
  queue_unavailable: { title: "The server is busy", retry: true },
};
const UNKNOWN_ERROR = { title: "Something went wrong", retry: true, paste: true };

const $ = (id) => document.getElementById(id);
/**
 * What this popup is showing; the popup lives only while open, so plain variables suffice.
 * `generation` counts checks, so a late answer to an earlier one is dropped.
 */
const view = { tabId: null, site: null, url: null, serverUrl: null, result: null, generation: 0 };

async function send(type, payload = {}) {
  try {
    const reply = await chrome.runtime.sendMessage({ type, ...payload });
    return reply ?? { ok: false, error: { code: "extension_error", message: "The extension did not answer." } };
  } catch (error) {
    return { ok: false, error: { code: "extension_error", message: error.message } };
  }
}

function show(state) {
  for (const section of document.querySelectorAll("[data-state]")) section.hidden = section.id !== `state-${state}`;
  $("paste-form").hidden = true;
}

function askForUrl(reason) {
  $("paste-reason").textContent = reason;
  $("paste-form").hidden = false;
  $("paste-url").focus();
}

async function tabIdToCheck() {
  const fromQuery = new URLSearchParams(location.search).get("tab");
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

async function start() {
  view.serverUrl = (await getSettings()).serverUrl;
  view.tabId = await tabIdToCheck();
  show("finding");
  const found = await send(MSG.FIND_POLICY, { tabId: view.tabId });
  if (!found.ok) {
    show("error");
    return showError(found.error);
  }
  const { site, candidates, remembered } = found.result;
  view.site = site;
  $("candidates").replaceChildren(...candidates.map(({ url }) => Object.assign(document.createElement("option"), { value: url })));
  const url = remembered ?? candidates[0]?.url;
  if (!url) {
    show("error");
    return showError({ code: "no_link", message: "" }, { title: "No privacy-policy link found", paste: true });
  }
  return check(url);
}

async function check(url, { force = false, pasted = false } = {}) {
  view.url = url;
  const generation = ++view.generation;
  showRevalidation(null);
  show("loading");
  $("loading-url").textContent = url;
  showProgress({ status: "queued" });
  const reply = await send(MSG.ANALYSE, { tabId: view.tabId, url, force, site: pasted ? view.site : null });
  if (generation !== view.generation) return; // the user asked for another check meanwhile
  if (!reply.ok) {
    show("error");
    return showError(reply.error);
  }
  showReport(reply.result);
  if (reply.result.revalidation) return revalidate(reply.result, generation);
}

/**
 * The report shown is a stored copy the server is re-checking: wait for that check through the
 * service worker and swap in the newer version if there is one. Any failure keeps the stored
 * report and only drops the note.
 */
async function revalidate(stored, generation) {
  const request = {
    tabId: view.tabId,
    url: view.url,
    job: stored.revalidation,
    shownVersion: stored.report.version.id,
    firstLook: Boolean(stored.firstLook),
  };
  showRevalidation("checking");
  let reply = await send(MSG.REVALIDATE, request);
  // A service worker stopped mid-poll never answers; a new one takes over from the message alone.
  if (!reply.ok && reply.error.code === "extension_error" && generation === view.generation) {
    reply = await send(MSG.REVALIDATE, request);
  }
  if (generation !== view.generation) return;
  if (reply.ok && reply.result.updated) {
    showReport(reply.result);
    return showRevalidation("updated");
  }
  return showRevalidation(reply.ok ? "current" : "unavailable");
}

/** The small "Checking for updates…" note; the outcome stays on <body data-revalidation>. */
function showRevalidation(state) {
  $("checking").hidden = state !== "checking";
  if (state) document.body.dataset.revalidation = state;
  else delete document.body.dataset.revalidation;
}

function showProgress({ status }) {
  const progress = PROGRESS[status] ?? PROGRESS.started;
  $("job-progress").value = progress.step;
  $("job-status").textContent = progress.text;
}

function showError(error, how = ERRORS[error.code] ?? UNKNOWN_ERROR) {
  $("error-title").textContent = how.title;
  const wait = error.code === "rate_limited" && error.retryAfter != null ? ` Try again in ${error.retryAfter} s.` : "";
  $("error-message").textContent = `${error.message ?? ""}${wait}`.trim();
  document.body.dataset.error = error.code;
  $("retry").hidden = !how.retry || !view.url;
  $("grant").hidden = !how.grant;
  $("error-options").hidden = !how.options;
  if (how.paste) askForUrl("Paste the address of the site's privacy policy to check it.");
}

/** Only http(s) links from server data become hrefs. */
function safeHref(url) {
  try {
    return ["http:", "https:"].includes(new URL(url).protocol) ? url : null;
  } catch {
    return null;
  }
}

function showReport(result) {
  const { report, changed, serverUrl } = result;
  view.result = result;
  delete document.body.dataset.error;
  show("report");

  const { grade, label, score } = report.badge ?? { grade: "?", label: "Not graded", score: null };
  const colours = gradeColours(grade);
  Object.assign($("grade"), { textContent: grade });
  $("grade").style.backgroundColor = colours.background;
  $("grade").style.color = colours.text;
  $("grade").setAttribute("aria-label", `Grade ${grade}: ${label}`);
  $("grade-label").textContent = label;
  $("score").textContent = score == null ? "" : `Score ${score}/100`;
  const policyHref = safeHref(report.final_url || report.url);
  $("policy-link").textContent = policyHref ? new URL(policyHref).hostname : "";
  if (policyHref) $("policy-link").href = policyHref;
  $("summary").textContent = report.summary ?? "";

  const findings = sortFindings(report.findings ?? []);
  $("findings").replaceChildren(...findings.slice(0, TOP_FINDINGS).map((finding) => findingNode(finding, document)));
  $("more-findings").hidden = findings.length <= TOP_FINDINGS;
  $("findings-count").textContent = String(findings.length);
  $("all-findings").replaceChildren(...findings.slice(TOP_FINDINGS).map((finding) => findingNode(finding, document)));
  $("categories").replaceChildren(categoryNodes(report.categories ?? [], document));
  $("history-link").href = `${serverUrl}/policies/${encodeURIComponent(report.policy_id)}`;

  $("changed").hidden = !changed;
  if (changed) showChanges(report, result.findingTitles);
}

/**
 * "Changed since you last looked": the grade change, the summary and the top material changes,
 * with the whole diff folded away; a diff without `changes` (older server) shows summary and diff.
 */
function showChanges(report, titles = {}) {
  const diff = report.diff;
  const changes = diff ? changesNode(diff, report, document, { titles }) : null;
  const gradeChange = changes ? gradeChangeText(diff) : null;
  $("grade-change").textContent = gradeChange ?? "";
  $("grade-change").hidden = !gradeChange;
  const quoted = Boolean(changes) && (diff.changes ?? []).some((change) => change.material);
  // the top changes are quoted below: the summary would quote them again, so only the headline
  const summary = !diff
    ? "This policy changed since you last looked; the server has no comparison for it."
    : quoted
      ? changeHeadline(diff, report.findings ?? [])
      : changeSummary(diff, report.findings ?? [], { withGrade: !gradeChange });
  $("change-summary").textContent = summary;
  $("change-summary").hidden = !summary;
  $("top-changes").replaceChildren(...(changes ? [changes] : []));
  $("top-changes").hidden = !changes;
  $("diff").replaceChildren(diff ? diffNodes(diff.ops ?? [], document) : "");
  $("diff-box").hidden = !diff;
  $("diff-box").toggleAttribute("open", !changes);
}

async function markSeen() {
  const { report } = view.result;
  const reply = await send(MSG.MARK_SEEN, {
    tabId: view.tabId,
    url: view.url,
    versionId: report.version.id,
    badge: report.badge,
  });
  if (reply.ok) {
    view.result = { ...view.result, changed: false, seenVersion: report.version.id };
    $("changed").hidden = true;
  }
}

chrome.runtime.onMessage.addListener((message) => {
  if (message?.type === MSG.PROGRESS && message.url === view.url && !message.revalidation) showProgress(message);
});
$("paste-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("paste-url");
  let url;
  try {
    url = new URL(input.value.trim()).href;
  } catch {
    input.setCustomValidity("Enter a full address, like https://example.com/privacy");
    input.reportValidity();
    return;
  }
  check(url, { pasted: true });
});
$("paste-url").addEventListener("input", () => $("paste-url").setCustomValidity(""));
$("retry").addEventListener("click", () => check(view.url));
$("recheck").addEventListener("click", () => check(view.url, { force: true }));
$("not-this").addEventListener("click", () => askForUrl("Paste the address of the right privacy policy."));
$("mark-seen").addEventListener("click", markSeen);
$("grant").addEventListener("click", () => {
  // permissions.request must run inside the click, before any await.
  chrome.permissions.request(serverOrigins(view.serverUrl)).then((granted) => {
    if (granted && view.url) check(view.url);
    else if (granted) start();
  });
});
for (const id of ["open-options", "error-options"]) $(id).addEventListener("click", () => chrome.runtime.openOptionsPage());

start();
