/**
 * Everything the extension remembers, in chrome.storage.local (nothing in globals, so a cold
 * service worker loses nothing). Seen versions stay in this browser; the server never sees them.
 */

export const DEFAULT_SETTINGS = Object.freeze({ serverUrl: "http://127.0.0.1:5000", autoRecheck: false });

const local = () => chrome.storage.local;

export async function getSettings() {
  const { settings } = await local().get("settings");
  return { ...DEFAULT_SETTINGS, ...settings };
}

export async function saveSettings(changes) {
  const settings = { ...(await getSettings()), ...changes };
  await local().set({ settings });
  return settings;
}

/** The random per-install token sent to the server for rate limiting; created on first use. */
export async function getInstallToken() {
  const { installToken } = await local().get("installToken");
  if (installToken) return installToken;
  const created = crypto.randomUUID();
  await local().set({ installToken: created });
  return created;
}

/** What we know of each policy URL: {policyId, reportUrl, seenVersion, latestVersion, grade, checkedAt}. */
export async function getPolicies() {
  const { policies } = await local().get("policies");
  return policies ?? {};
}

export async function getPolicy(url) {
  return (await getPolicies())[url] ?? null;
}

export async function putPolicy(url, record) {
  const policies = await getPolicies();
  policies[url] = { ...policies[url], ...record };
  await local().set({ policies });
  return policies[url];
}

/** The server's title for each finding id seen so far, so a finding a new version dropped keeps its name. */
export async function getFindingTitles() {
  const { findingTitles } = await local().get("findingTitles");
  return findingTitles ?? {};
}

export async function rememberFindingTitles(findings = []) {
  const known = await getFindingTitles();
  const findingTitles = { ...known };
  for (const { id, title } of findings) if (typeof id === "string" && typeof title === "string" && title) findingTitles[id] = title;
  if (Object.entries(findingTitles).some(([id, title]) => known[id] !== title)) await local().set({ findingTitles });
  return findingTitles;
}

/** A policy URL the user pasted for a site (origin), reused next time no link is found there. */
export async function getSitePolicy(site) {
  const { sites } = await local().get("sites");
  return sites?.[site] ?? null;
}

export async function putSitePolicy(site, url) {
  const { sites = {} } = await local().get("sites");
  sites[site] = url;
  await local().set({ sites });
}

/** Forgets seen versions, pasted URLs and the install token; keeps the settings. */
export async function clearLocalData() {
  const settings = await getSettings();
  await local().clear();
  await local().set({ settings });
}

/** Checks a server address typed by the user; returns it without a trailing slash. */
export function normaliseServerUrl(value) {
  let url;
  try {
    url = new URL(String(value).trim());
  } catch {
    throw new Error("Enter the server's address, like http://127.0.0.1:5000.");
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password) {
    throw new Error("The server's address must start with http:// or https:// and hold no password.");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** The host permission the server needs. Match patterns carry no port (Firefox rejects one). */
export function serverOrigins(serverUrl) {
  const url = new URL(serverUrl);
  return { origins: [`${url.protocol}//${url.hostname}/*`] };
}
