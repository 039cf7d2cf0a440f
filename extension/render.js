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

/**
 * The diff's plain-language summary, or one built from its grade change (unless shown apart:
 * `withGrade: false`), findings and word counts.
 */
export function changeSummary(diff, findings = [], { withGrade = true } = {}) {
  if (diff.summary) return diff.summary;
  const titleOf = (id) => findingTitle(id, findings);
  const parts = [];
  if (diff.grade_change && withGrade) parts.push(`The grade went from ${diff.grade_change.from} to ${diff.grade_change.to}.`);
  if (diff.findings_added?.length) parts.push(`New: ${diff.findings_added.map(titleOf).join("; ")}.`);
  if (diff.findings_removed?.length) parts.push(`No longer: ${diff.findings_removed.map(titleOf).join("; ")}.`);
  const stats = diff.stats ?? {};
  parts.push(`${stats.inserted_words ?? 0} words added, ${stats.deleted_words ?? 0} removed.`);
  return parts.join(" ");
}

/**
 * What the findings gained and lost, in one line ("" when none): the headline above the
 * quoted top changes, which the server's summary would only repeat.
 */
export function changeHeadline(diff, findings = []) {
  const titleOf = (id) => findingTitle(id, findings);
  const parts = [];
  if (diff.findings_added?.length) parts.push(`New: ${diff.findings_added.map(titleOf).join("; ")}.`);
  if (diff.findings_removed?.length) parts.push(`No longer: ${diff.findings_removed.map(titleOf).join("; ")}.`);
  return parts.join(" ");
}

/** How many changes "Changed since you last looked" lists. */
export const TOP_CHANGES = 3;
/** The label shown for each kind of change in Diff.changes. */
export const CHANGE_KINDS = Object.freeze({ added: "Added", removed: "Removed", modified: "Changed" });
/** Longest quote of a replaced sentence ("was: …") before it is cut; the full text is in its title. */
const WAS_MAX_CHARS = 140;
/** Longest quote of the sentence a change is about before it is cut. */
const QUOTE_MAX_CHARS = 400;

/** `text` cut to at most `max` characters at a word boundary, with "…"; whitespace runs collapsed. */
export function truncateText(text, max) {
  const flat = String(text ?? "").replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const atWord = cut.replace(/\s+\S*$/, "");
  return `${(atWord.length >= max / 2 ? atWord : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}

/**
 * The first `limit` material changes of a Diff, in the server's order (it ranks them); null when
 * the diff has no `changes` list (a server from before it did), so callers fall back.
 */
export function topChanges(diff, limit = TOP_CHANGES) {
  if (!Array.isArray(diff?.changes)) return null;
  return diff.changes.filter((change) => change?.material === true && change.kind in CHANGE_KINDS).slice(0, limit);
}

/**
 * A finding id as the report titles it, else as an earlier report did (`titles`: id → title; a
 * removed finding is no longer in the report), else in words.
 */
export function findingTitle(id, findings = [], titles = {}) {
  return findings.find((finding) => finding.id === id)?.title || (Object.hasOwn(titles, id) && titles[id]) || humaniseId(id);
}

/**
 * One Diff change as what the popup shows: its label, the sentence it is about (the new one; the
 * old one when removed), for a replaced sentence what it was, and the findings it brought or took.
 */
export function describeChange(change, { findings = [], categories = [], titles = {} } = {}) {
  const removed = change.kind === "removed";
  const sentence = (removed ? change.old : change.new) ?? change.new ?? change.old ?? "";
  const was = change.kind === "modified" && change.old ? change.old : null;
  return {
    kind: change.kind,
    label: CHANGE_KINDS[change.kind] ?? "Changed",
    topic: categories.find((category) => category.id === change.category)?.title ?? null,
    quote: truncateText(sentence, QUOTE_MAX_CHARS),
    quoteFull: String(sentence).replace(/\s+/g, " ").trim(),
    was: was == null ? null : truncateText(was, WAS_MAX_CHARS),
    wasFull: was == null ? null : String(was).replace(/\s+/g, " ").trim(),
    findingsAdded: (change.findings_added ?? []).map((id) => findingTitle(id, findings, titles)),
    findingsRemoved: (change.findings_removed ?? []).map((id) => findingTitle(id, findings, titles)),
  };
}

/** One described change as an <li>: label (and topic), the quoted sentence, "was: …", findings. */
export function changeNode(described, doc) {
  const cut = (shown, full) => (shown === full ? null : full);
  return h(
    doc,
    "li",
    { className: `change change-${described.kind}`, "data-kind": described.kind },
    h(
      doc,
      "p",
      { className: "change-head" },
      h(doc, "span", { className: "change-kind", text: described.label }),
      described.topic ? h(doc, "span", { className: "change-topic", text: described.topic }) : null,
    ),
    h(doc, "blockquote", { className: "change-quote", title: cut(described.quote, described.quoteFull), text: described.quote }),
    described.was == null
      ? null
      : h(doc, "p", { className: "change-was", title: cut(described.was, described.wasFull), text: `was: ${described.was}` }),
    described.findingsAdded.length
      ? h(doc, "p", { className: "change-findings added", text: `New: ${described.findingsAdded.join("; ")}` })
      : null,
    described.findingsRemoved.length
      ? h(doc, "p", { className: "change-findings removed", text: `No longer: ${described.findingsRemoved.join("; ")}` })
      : null,
  );
}

/**
 * "Changed since you last looked" for a Diff that lists its `changes`: an <ol> of the top material
 * ones (`titles`: finding titles from earlier reports), or a line saying only the wording changed. Null when the diff has no `changes` (older
 * server: the caller keeps its summary-and-diff view) or an empty list (e.g. a change of language,
 * which the summary explains).
 */
export function changesNode(diff, report, doc, { titles = {}, limit = TOP_CHANGES } = {}) {
  const top = topChanges(diff, limit);
  if (top === null || diff.changes.length === 0) return null;
  if (top.length === 0) {
    const edits = diff.changes.length === 1 ? "1 small edit" : `${diff.changes.length} small edits`;
    return h(doc, "p", { className: "changes-none", text: `The wording changed, but nothing material (${edits}).` });
  }
  const context = { findings: report?.findings ?? [], categories: report?.categories ?? [], titles };
  const listed = withoutHeadlineRepeats(top, diff);
  return h(doc, "ol", { className: "changes" }, listed.map((change) => changeNode(describeChange(change, context), doc)));
}

/**
 * The listed changes without the findings lines that would repeat the headline word for word:
 * when one change alone brought (or took) findings, and they are all the diff's, the headline
 * above the list ("New: …") already says so.
 */
export function withoutHeadlineRepeats(changes, diff) {
  let result = changes;
  for (const field of ["findings_added", "findings_removed"]) {
    const carriers = result.filter((change) => change[field]?.length);
    const all = diff?.[field] ?? [];
    if (carriers.length === 1 && sameSet(carriers[0][field], all)) {
      result = result.map((change) => (change === carriers[0] ? { ...change, [field]: [] } : change));
    }
  }
  return result;
}

function sameSet(a, b) {
  const left = new Set(a);
  return left.size === new Set(b).size && b.every((item) => left.has(item));
}

/** "Grade B → D", or null when the grade stayed. */
export function gradeChangeText(diff) {
  const change = diff?.grade_change;
  return change?.from && change?.to ? `Grade ${change.from} → ${change.to}` : null;
}
