import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseHTML } from "linkedom";
import {
  CHANGE_KINDS,
  changeNode,
  changeSummary,
  changesNode,
  describeChange,
  findingTitle,
  gradeChangeText,
  topChanges,
  truncateText,
} from "../render.js";
import { fixture } from "./helpers.js";

const blankDocument = () => parseHTML("<!doctype html><html><body></body></html>").document;
/** A shop's policy that started selling data: 5 changes, the 3 material ones first (as the server ranks them). */
const DIFF = JSON.parse(fixture("diff-five-changes.json"));
/** The same change as a server from before `changes` describes it. */
const LEGACY_DIFF = JSON.parse(fixture("diff-without-changes.json"));
/** The re-checked report that carries DIFF. */
const REPORT = JSON.parse(fixture("revalidation-job-finished.json")).result;

describe("the fixtures", () => {
  test("five changes, three material; the legacy diff has no changes field", () => {
    assert.equal(DIFF.changes.length, 5);
    assert.equal(DIFF.changes.filter((change) => change.material).length, 3);
    assert.equal("changes" in LEGACY_DIFF, false);
    assert.equal(REPORT.diff.to, REPORT.version.id);
  });
  test("every changed sentence is in its version's text", () => {
    const newText = DIFF.ops.filter(([op]) => op >= 0).map(([, text]) => text).join("");
    const oldText = DIFF.ops.filter(([op]) => op <= 0).map(([, text]) => text).join("");
    for (const change of DIFF.changes) {
      if (change.new) assert.ok(newText.includes(change.new), change.new);
      if (change.old) assert.ok(oldText.includes(change.old), change.old);
    }
  });
});

describe("top changes", () => {
  test("the first three material changes, in the server's order", () => {
    assert.deepEqual(
      topChanges(DIFF).map((change) => [change.kind, change.category]),
      [
        ["modified", "third_party_sharing"],
        ["added", "first_party_collection"],
        ["removed", "data_retention"],
      ],
    );
  });
  test("non-material changes never make the list, wherever they stand", () => {
    const shuffled = { ...DIFF, changes: [DIFF.changes[3], DIFF.changes[0], DIFF.changes[4], DIFF.changes[1]] };
    assert.deepEqual(topChanges(shuffled), [DIFF.changes[0], DIFF.changes[1]]);
    assert.equal(topChanges(DIFF, 2).length, 2);
  });
  test("unknown kinds are skipped rather than mislabelled", () => {
    const odd = { changes: [{ kind: "moved", material: true, old: "a", new: "a" }, DIFF.changes[0]] };
    assert.deepEqual(topChanges(odd), [DIFF.changes[0]]);
  });
  test("null when the server sends no changes list (the caller falls back)", () => {
    assert.equal(topChanges(LEGACY_DIFF), null);
    assert.equal(topChanges(null), null);
    assert.equal(topChanges({ ...LEGACY_DIFF, changes: null }), null);
  });
});

describe("describing one change", () => {
  const context = { findings: REPORT.findings, categories: REPORT.categories };
  test("modified: the new sentence quoted, the old one as was:, findings by their titles", () => {
    const described = describeChange(DIFF.changes[0], context);
    assert.equal(described.label, "Changed");
    assert.equal(described.topic, "Who they share it with");
    assert.equal(described.quote, DIFF.changes[0].new);
    assert.equal(described.was, "We do not sell, rent or trade your personal information.");
    assert.deepEqual(described.findingsAdded, ["Sells personal data", "Shares data for advertising"]);
    // A removed finding is no longer in the report: its id in words.
    assert.deepEqual(described.findingsRemoved, ["Does not sell data"]);
  });
  test("added quotes the new sentence; removed quotes the old one; neither has was:", () => {
    const added = describeChange(DIFF.changes[1], context);
    assert.deepEqual([added.label, added.quote, added.was], ["Added", DIFF.changes[1].new, null]);
    const removed = describeChange(DIFF.changes[2], context);
    assert.deepEqual([removed.label, removed.quote, removed.was], ["Removed", DIFF.changes[2].old, null]);
    assert.deepEqual(removed.findingsAdded, ["Does not say how long data is kept"]);
  });
  test("a long replaced sentence is cut at a word, the full text kept", () => {
    const old = `${"We may share aggregated statistics about how visitors use the shop with our partners ".repeat(3)}for research.`;
    const described = describeChange({ ...DIFF.changes[0], old }, context);
    assert.ok(described.was.length <= 140 && described.was.endsWith("…"), described.was);
    assert.ok(old.startsWith(described.was.slice(0, -1)), "cut, not rewritten");
    assert.equal(described.wasFull, old);
  });
  test("the title falls back to an earlier report's, then to the id in words", () => {
    const titles = { does_not_sell_data: "Does not sell your data", sells_data: "An older title" };
    assert.equal(findingTitle("sells_data", REPORT.findings, titles), "Sells personal data", "the report's own title wins");
    assert.equal(findingTitle("does_not_sell_data", REPORT.findings, titles), "Does not sell your data");
    assert.equal(findingTitle("does_not_sell_data", REPORT.findings), "Does not sell data");
    assert.equal(findingTitle("constructor", [], {}), "Constructor", "no inherited keys");
  });
  test("removed findings keep the title an earlier report gave them", () => {
    const stored = JSON.parse(fixture("analysis-stored-with-revalidation.json")).result;
    const titles = Object.fromEntries(stored.findings.map(({ id, title }) => [id, title]));
    const described = describeChange(DIFF.changes[2], { ...context, titles });
    assert.deepEqual(described.findingsRemoved, ["Keeps data only as long as needed"]);
    const list = changesNode(DIFF, REPORT, blankDocument(), { titles });
    assert.equal(list.querySelector(".change-findings.removed").textContent, "No longer: Does not sell your data");
  });
});

describe("changes as DOM", () => {
  test("three items: kind label, quote, was:, findings", () => {
    const list = changesNode(DIFF, REPORT, blankDocument());
    const items = [...list.querySelectorAll("li")];
    assert.deepEqual(items.map((item) => item.getAttribute("data-kind")), ["modified", "added", "removed"]);
    assert.deepEqual(items.map((item) => item.querySelector(".change-kind").textContent), ["Changed", "Added", "Removed"]);
    assert.equal(items[0].querySelector(".change-quote").textContent, DIFF.changes[0].new);
    assert.equal(items[0].querySelector(".change-was").textContent, `was: ${DIFF.changes[0].old}`);
    assert.equal(items[0].querySelector(".change-was").getAttribute("title"), null, "not cut, so no tooltip");
    assert.equal(items[0].querySelector(".change-findings.added").textContent, "New: Sells personal data; Shares data for advertising");
    assert.equal(items[0].querySelector(".change-findings.removed").textContent, "No longer: Does not sell data");
    assert.equal(items[1].querySelector(".change-was"), null);
    assert.equal(items[2].querySelector(".change-quote").textContent, DIFF.changes[2].old);
    assert.ok(!list.textContent.includes("Last updated"), "the date change is not material");
  });
  test("a change's findings line is left out when it would repeat the headline word for word", () => {
    const only = { ...DIFF.changes[1], findings_added: ["sells_data"], findings_removed: [] };
    const single = { ...DIFF, findings_added: ["sells_data"], findings_removed: [], changes: [only] };
    const list = changesNode(single, REPORT, blankDocument());
    assert.equal(list.querySelectorAll("li").length, 1);
    assert.equal(list.querySelector(".change-findings"), null);
    // a change that brought only some of the diff's findings keeps its line
    const some = changesNode({ ...single, findings_added: ["sells_data", "shares_for_advertising"] }, REPORT, blankDocument());
    assert.equal(some.querySelectorAll(".change-findings.added").length, 1);
    // two changes that share the findings between them keep theirs
    const both = changesNode({ ...single, changes: [only, { ...only, new: "We also sell data." }] }, REPORT, blankDocument());
    assert.equal(both.querySelectorAll(".change-findings.added").length, 2);
  });
  test("a cut quote keeps its full text in the title", () => {
    const old = "We keep your order history, saved addresses and wish lists for as long as your account is open and for three years after you close it, unless you ask us to delete them sooner.";
    const item = changeNode(describeChange({ ...DIFF.changes[0], old }), blankDocument());
    const was = item.querySelector(".change-was");
    assert.ok(was.textContent.startsWith("was: We keep your order history") && was.textContent.endsWith("…"));
    assert.equal(was.getAttribute("title"), old);
  });
  test("no material change: says only the wording changed", () => {
    const wording = { ...DIFF, grade_change: null, changes: DIFF.changes.slice(3) };
    const node = changesNode(wording, REPORT, blankDocument());
    assert.equal(node.tagName.toLowerCase(), "p");
    assert.equal(node.textContent, "The wording changed, but nothing material (2 small edits).");
  });
  test("null without a changes list, and for an empty one (a change of language, which the summary explains)", () => {
    assert.equal(changesNode(LEGACY_DIFF, REPORT, blankDocument()), null);
    assert.equal(changesNode({ ...DIFF, changes: [] }, REPORT, blankDocument()), null);
  });
  test("server text is never parsed as markup", () => {
    const hostile = { kind: "modified", material: true, old: "<img src=x onerror=alert(1)>", new: "<script>alert(1)</script>", findings_added: ["<b>x</b>"], findings_removed: [] };
    const list = changesNode({ changes: [hostile] }, { findings: [] }, blankDocument());
    assert.equal(list.querySelector("img, script, b"), null);
    assert.equal(list.querySelector(".change-quote").textContent, hostile.new);
  });
  test("every kind has a label", () => {
    assert.deepEqual(Object.keys(CHANGE_KINDS), ["added", "removed", "modified"]);
  });
});

describe("grade change and summary next to the changes", () => {
  test("the grade change as a line of its own", () => {
    assert.equal(gradeChangeText(DIFF), "Grade B → E");
    assert.equal(gradeChangeText({ ...DIFF, grade_change: null }), null);
  });
  test("the server's summary is kept as is", () => {
    assert.equal(changeSummary(DIFF, REPORT.findings, { withGrade: false }), DIFF.summary);
  });
  test("an older server's diff keeps today's built summary, grade included", () => {
    assert.equal(
      changeSummary(LEGACY_DIFF, REPORT.findings),
      "The grade went from B to E. New: Sells personal data; Shares data for advertising; Trains AI on your data; Does not say how long data is kept. No longer: Does not sell data; Retention limited. 58 words added, 36 removed.",
    );
    assert.ok(!changeSummary(LEGACY_DIFF, REPORT.findings, { withGrade: false }).includes("grade"));
  });
});

describe("truncating text", () => {
  test("short text is left whole, whitespace collapsed", () => {
    assert.equal(truncateText("We  do not\nsell data.", 40), "We do not sell data.");
  });
  test("long text is cut at a word boundary with an ellipsis", () => {
    const cut = truncateText("We may share your personal information with our advertising partners, including data brokers.", 60);
    assert.equal(cut, "We may share your personal information with our…");
  });
  test("one very long word is cut inside it rather than emptied", () => {
    assert.equal(truncateText("x".repeat(50), 10), `${"x".repeat(9)}…`);
  });
});
