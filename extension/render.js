/**
 * Pure view helpers: grade colours, finding order, and DOM nodes for findings, categories and diffs.
 * Server text only ever becomes text nodes (textContent), never markup.
 */

/** Badge colours per grade; text colour chosen for at least 4.5:1 contrast. */
export const GRADE_COLOURS = Object.freeze({
  A: { background: "#0b6e3a", text: "#ffffff" },
  B: { background: "#527a0a", text: "#ffffff" },
  C: { background: "#f2c200", text: "#1f1f1f" },
  D: { background: "#c24e00", text: "#ffffff" },
  E: { background: "#b3261e", text: "#ffffff" },
});
const UNKNOWN_GRADE = Object.freeze({ background: "#6b6b6b", text: "#ffffff" });

/** Verdicts, worst first, with the mark and word shown next to a finding. */
export const VERDICTS = Object.freeze({
  blocker: { rank: 0, mark: "✖", word: "Serious" },
  bad: { rank: 1, mark: "!", word: "Bad" },
  neutral: { rank: 2, mark: "•", word: "Neutral" },
  good: { rank: 3, mark: "✓", word: "Good" },
});

export function gradeColours(grade) {
  return GRADE_COLOURS[grade] ?? UNKNOWN_GRADE;
}

/** Findings worst first (blocker, bad, neutral, good); the server's order is kept within a verdict. */
export function sortFindings(findings) {
  const rank = (finding) => VERDICTS[finding.verdict]?.rank ?? VERDICTS.neutral.rank;
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

/** Creates an element; string children become text nodes. `text` sets textContent. */
export function h(doc, tag, props = {}, ...children) {
  const el = doc.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value == null || value === false) continue;
    if (key === "className") el.className = value;
    else if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child != null) el.append(typeof child === "string" ? doc.createTextNode(child) : child);
  }
  return el;
}

/** "does_not_sell_data" → "does not sell data", for finding ids the report no longer lists. */
export function humaniseId(id) {
  const words = String(id).replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** One finding as an expandable <details>: title, then its evidence sentences. */
export function findingNode(finding, doc) {
  const verdict = VERDICTS[finding.verdict] ?? VERDICTS.neutral;
  const evidence = (finding.evidence ?? []).map((quote) => h(doc, "blockquote", { className: "evidence", text: quote.text }));
  return h(
    doc,
    "details",
    { className: `finding verdict-${finding.verdict}`, "data-finding": finding.id },
    h(
      doc,
      "summary",
      {},
      h(doc, "span", { className: "verdict", title: verdict.word, "aria-label": verdict.word, text: verdict.mark }),
      h(doc, "span", { className: "finding-title", text: finding.title || humaniseId(finding.id) }),
    ),
    evidence.length ? evidence : h(doc, "p", { className: "evidence none", text: "The policy says nothing about this." }),
  );
}

/** Per-category one-liners: "<title>: <summary>". */
export function categoryNodes(categories, doc) {
  return h(
    doc,
    "ul",
    { className: "categories" },
    categories
      .filter((category) => category.summary)
      .map((category) =>
        h(doc, "li", { "data-category": category.id }, h(doc, "strong", { text: `${category.title}: ` }), category.summary),
      ),
  );
}

/** Keeps `context` characters of unchanged text around each change, cut at word boundaries. */
export function trimUnchanged(ops, context = 80) {
  return ops.map(([op, text], index) => {
    if (op !== 0 || text.length <= 2 * context + 20) return [op, text];
    const first = index === 0;
    const last = index === ops.length - 1;
    const head = last || !first ? text.slice(0, context).replace(/\s+\S*$/, "") : "";
    const tail = first || !last ? text.slice(-context).replace(/^\S*\s+/, "") : "";
    if (first && last) return [op, ""];
    if (first) return [op, `… ${tail}`];
    if (last) return [op, `${head} …`];
    return [op, `${head} … ${tail}`];
  });
}

/** Diff ops ([-1|0|1, text], diff-match-patch convention) → a fragment of text, <ins> and <del>. */
export function diffNodes(ops, doc, { context = 80 } = {}) {
  const fragment = doc.createDocumentFragment();
  for (const [op, text] of trimUnchanged(ops, context)) {
    if (!text) continue;
    if (op > 0) fragment.append(h(doc, "ins", { text }));
    else if (op < 0) fragment.append(h(doc, "del", { text }));
    else fragment.append(doc.createTextNode(text));
  }
  return fragment;
}

/** The diff's plain-language summary, or one built from its grade change, findings and word counts. */
export function changeSummary(diff, findings = []) {
  if (diff.summary) return diff.summary;
  const titleOf = (id) => findings.find((finding) => finding.id === id)?.title || humaniseId(id);
  const parts = [];
  if (diff.grade_change) parts.push(`The grade went from ${diff.grade_change.from} to ${diff.grade_change.to}.`);
  if (diff.findings_added?.length) parts.push(`New: ${diff.findings_added.map(titleOf).join("; ")}.`);
  if (diff.findings_removed?.length) parts.push(`No longer: ${diff.findings_removed.map(titleOf).join("; ")}.`);
  const stats = diff.stats ?? {};
  parts.push(`${stats.inserted_words ?? 0} words added, ${stats.deleted_words ?? 0} removed.`);
  return parts.join(" ");
}
