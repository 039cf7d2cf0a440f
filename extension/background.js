/**
 * The service worker (an event page in Firefox): one message dispatcher, the toolbar badge and the
 * opt-in daily re-check. Holds no state in globals; everything lives in chrome.storage (store.js).
 */
import { ApiError, createClient, needsDiffSince, revalidationOf } from "./api.js";
import { rankPolicyLinks } from "./detect.js";
import { MESSAGE_TYPES, MSG } from "./messages.js";
import { gradeColours } from "./render.js";
import * as store from "./store.js";

const RECHECK_ALARM = "policywatch-recheck";
const RECHECK_EVERY_MINUTES = 24 * 60;
/** Appended to the grade on the toolbar badge when the policy changed since last seen. */
const CHANGED_MARK = "•";
const MAX_CANDIDATES = 5;

const handlers = {
  [MSG.FIND_POLICY]: findPolicy,
  [MSG.ANALYSE]: analyse,
  [MSG.REVALIDATE]: revalidate,
  [MSG.MARK_SEEN]: markSeen,
  [MSG.CLEAR_DATA]: clearData,
};

// Listeners are registered synchronously at the top level so a cold worker receives the event.
chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = MESSAGE_TYPES.has(message?.type) ? handlers[message.type] : undefined;
  if (!handler) return false;
  if (!isOwnPage(sender)) {
    sendResponse({ ok: false, error: { code: "forbidden", message: "Only Policywatch's own pages may ask." } });
    return false;
  }
  handler(message).then(
    (result) => sendResponse({ ok: true, result }),
    (error) => sendResponse({ ok: false, error: errorJson(error) }),
  );
  return true;
});
chrome.runtime.onInstalled.addListener(() => syncRecheckAlarm());
chrome.runtime.onStartup.addListener(() => syncRecheckAlarm());
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.settings) syncRecheckAlarm();
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === RECHECK_ALARM) recheckKnownPolicies();
});

/** Only the extension's own pages (popup, options) may send work: not content scripts, not web pages. */
function isOwnPage(sender) {
  return sender.id === chrome.runtime.id && String(sender.url).startsWith(chrome.runtime.getURL(""));
}

function errorJson(error) {
  if (error instanceof ApiError) return error.toJSON();
  return { code: "extension_error", message: String(error?.message ?? error) };
}

/** Reads the tab's links with content/find-policy.js and ranks them; nothing leaves the browser. */
async function findPolicy({ tabId }) {
  const unreadable = new ApiError(
    "page_unreadable",
    "Policywatch cannot read this page (browser pages and add-on stores are off limits); paste the policy's address instead.",
  );
  let injection;
  try {
    [injection] = await chrome.scripting.executeScript({ target: { tabId }, files: ["content/find-policy.js"] });
  } catch {
    throw unreadable;
  }
  const found = injection?.result;
  if (!found?.page) throw unreadable;
  const site = siteOf(found.page.url);
  return {
    site,
    candidates: rankPolicyLinks(found).slice(0, MAX_CANDIDATES),
    remembered: site ? await store.getSitePolicy(site) : null,
  };
}

/**
 * Analyses a policy URL on the server, compares with the version this browser last saw, badges the
 * tab. A stored report comes back at once, with the server's re-check job (if any) for the popup
 * to hand to REVALIDATE.
 */
async function analyse({ tabId = null, url, force = false, site = null }) {
  const policyUrl = checkPolicyUrl(url);
  const client = await clientFor(await store.getSettings());
  const known = await store.getPolicy(policyUrl);
  const onProgress = (progress) => broadcastProgress(policyUrl, progress);
  const { report, revalidation } = await client.lookUp({ url: policyUrl, since: known?.seenVersion, force }, { onProgress });
  if (site) await store.putSitePolicy(site, policyUrl);
  const shown = await adopt(client, policyUrl, report, tabId);
  return { ...shown, firstLook: !known?.seenVersion, revalidation };
}

/**
 * Polls the re-check job the server queued for a stored report and, when it found another version,
 * adopts that one. Everything it needs comes in the message or from storage, so a worker that was
 * stopped and restarted meanwhile can take over when the popup asks again.
 */
async function revalidate({ tabId = null, url, job, shownVersion, firstLook = false }) {
  const policyUrl = checkPolicyUrl(url);
  const recheck = revalidationOf({ revalidation: job });
  if (!recheck) throw new ApiError("invalid_job", "No re-check job was named.");
  const client = await clientFor(await store.getSettings());
  const onProgress = (progress) => broadcastProgress(policyUrl, { ...progress, revalidation: true });
  const fresh = await client.waitForJob(recheck, { onProgress });
  if (!fresh?.version?.id || fresh.version.id === shownVersion) {
    await store.putPolicy(policyUrl, { checkedAt: new Date().toISOString() });
    return { updated: false };
  }
  // Someone seeing a policy for the first time has not "last looked" at the stale stored copy.
  const known = await store.getPolicy(policyUrl);
  if (firstLook && known?.seenVersion === shownVersion) await store.putPolicy(policyUrl, { seenVersion: fresh.version.id });
  return { updated: true, firstLook, ...(await adopt(client, policyUrl, fresh, tabId)) };
}

/**
 * Takes `fresh` as the latest version of the policy: fetches its diff since the version this
 * browser last saw when it lacks one, remembers it, and badges the tab.
 */
async function adopt(client, policyUrl, fresh, tabId) {
  const known = await store.getPolicy(policyUrl);
  const seenVersion = known?.seenVersion ?? fresh.version.id; // a first look counts as seen
  const changed = seenVersion !== fresh.version.id;
  let report = fresh;
  if (needsDiffSince(report, seenVersion)) {
    report = (await client.latestPolicy(report.url || policyUrl, seenVersion).catch(() => null)) ?? report;
  }
  await store.putPolicy(policyUrl, {
    policyId: report.policy_id,
    reportUrl: report.url,
    seenVersion,
    latestVersion: report.version.id,
    grade: report.badge?.grade ?? null,
    checkedAt: new Date().toISOString(),
  });
  if (tabId != null && report.badge) await showGrade(tabId, report.badge, changed);
  const findingTitles = await store.rememberFindingTitles(report.findings);
  return { report, changed, seenVersion, findingTitles, serverUrl: client.baseUrl };
}

/** The user has looked at the current version: remember it locally and drop the change mark. */
async function markSeen({ tabId = null, url, versionId, badge }) {
  const record = await store.putPolicy(checkPolicyUrl(url), { seenVersion: versionId, latestVersion: versionId });
  if (tabId != null && badge) await showGrade(tabId, badge, false);
  const policies = Object.values(await store.getPolicies());
  if (!policies.some((policy) => policy.latestVersion && policy.latestVersion !== policy.seenVersion)) {
    await chrome.action.setBadgeText({ text: "" });
  }
  return record;
}

async function clearData() {
  await store.clearLocalData();
  await chrome.action.setBadgeText({ text: "" });
  // Tab ids are visible without the "tabs" permission; only URLs and titles are not.
  const tabs = await chrome.tabs.query({});
  await Promise.all(tabs.map((tab) => chrome.action.setBadgeText({ tabId: tab.id, text: "" }).catch(() => {})));
  return { cleared: true };
}

/** Grade letter and colour on the toolbar for one tab, with a dot when changed since last seen. */
async function showGrade(tabId, badge, changed) {
  const colours = gradeColours(badge.grade);
  const title = `Policywatch: grade ${badge.grade}, ${badge.label}${changed ? " (changed since you last looked)" : ""}`;
  try {
    await chrome.action.setBadgeText({ tabId, text: `${badge.grade}${changed ? CHANGED_MARK : ""}` });
    await chrome.action.setBadgeBackgroundColor({ tabId, color: colours.background });
    await chrome.action.setBadgeTextColor?.({ tabId, color: colours.text });
    await chrome.action.setTitle({ tabId, title });
  } catch {
    // the tab was closed meanwhile
  }
}

/** Opt-in: once a day, asks the server about every policy this browser has checked. */
async function recheckKnownPolicies() {
  const settings = await store.getSettings();
  if (!settings.autoRecheck) return;
  const client = await clientFor(settings);
  let anyChanged = false;
  for (const [url, known] of Object.entries(await store.getPolicies())) {
    try {
      const onProgress = (progress) => broadcastProgress(url, progress);
      const { report: stored, revalidation } = await client.lookUp({ url, since: known.seenVersion }, { onProgress });
      // A stale stored copy comes with a re-check job; its result is the current version.
      const report = revalidation ? ((await client.waitForJob(revalidation, { onProgress }).catch(() => null)) ?? stored) : stored;
      await store.putPolicy(url, {
        latestVersion: report.version.id,
        grade: report.badge?.grade ?? null,
        checkedAt: new Date().toISOString(),
      });
      anyChanged ||= Boolean(known.seenVersion) && known.seenVersion !== report.version.id;
    } catch (error) {
      if (["server_unreachable", "rate_limited", "permission_needed"].includes(error.code)) break;
    }
  }
  if (anyChanged) {
    await chrome.action.setBadgeText({ text: CHANGED_MARK });
    await chrome.action.setTitle({ title: "Policywatch: a privacy policy you checked has changed" });
  }
}

async function syncRecheckAlarm() {
  const { autoRecheck } = await store.getSettings();
  if (!autoRecheck) {
    await chrome.alarms.clear(RECHECK_ALARM);
  } else if (!(await chrome.alarms.get(RECHECK_ALARM))) {
    await chrome.alarms.create(RECHECK_ALARM, { delayInMinutes: 1, periodInMinutes: RECHECK_EVERY_MINUTES });
  }
}

async function clientFor(settings) {
  if (!(await chrome.permissions.contains(store.serverOrigins(settings.serverUrl)))) {
    throw new ApiError("permission_needed", `Policywatch needs your permission to reach ${settings.serverUrl}.`);
  }
  return createClient({ baseUrl: settings.serverUrl, installToken: await store.getInstallToken() });
}

/** Progress for any open popup; an extension API call, so it also keeps the worker awake while polling. */
function broadcastProgress(url, progress) {
  chrome.runtime.sendMessage({ type: MSG.PROGRESS, url, ...progress }).catch(() => {});
}

function checkPolicyUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !["http:", "https:"].includes(parsed.protocol) || parsed.username || parsed.password) {
    throw new ApiError("invalid_url", "Enter a web address starting with http:// or https://.");
  }
  return parsed.href;
}

function siteOf(pageUrl) {
  try {
    const url = new URL(pageUrl);
    return ["http:", "https:"].includes(url.protocol) ? url.origin : null;
  } catch {
    return null;
  }
}
