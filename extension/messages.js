/** Message types exchanged between extension pages and the service worker, in one place. */

export const MSG = Object.freeze({
  /** popup → background: find the policy link in a tab. {tabId} → {page, candidates} */
  FIND_POLICY: "policywatch/find-policy",
  /** popup → background: analyse a policy URL for a tab. {tabId, url, force} → {report, changed, seenVersion, firstLook, revalidation} */
  ANALYSE: "policywatch/analyse",
  /** popup → background: poll the re-check the server queued for a stored report.
   * {tabId, url, job: {job_id, poll}, shownVersion, firstLook} → {updated: false} | {updated: true, report, changed, …} */
  REVALIDATE: "policywatch/revalidate",
  /** background → extension pages: a job moved on. {url, status, attempt, revalidation} */
  PROGRESS: "policywatch/progress",
  /** popup → background: the user has seen this version. {tabId, url, policyId, versionId} */
  MARK_SEEN: "policywatch/mark-seen",
  /** options → background: forget every seen version and cached site. {} */
  CLEAR_DATA: "policywatch/clear-data",
});

/** Every known type, to reject anything else early. */
export const MESSAGE_TYPES = new Set(Object.values(MSG));
