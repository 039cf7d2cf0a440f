import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parseHTML } from "linkedom";
import {
  GRADE_COLOURS,
  categoryNodes,
  changeSummary,
  diffNodes,
  findingNode,
  gradeColours,
  sortFindings,
  trimUnchanged,
} from "../render.js";
import { fixture, REPO_RESOURCES } from "./helpers.js";

const blankDocument = () => parseHTML("<!doctype html><html><body></body></html>").document;

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a, b) {
  const luminance = (hex) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const lin = (c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe("grade colours", () => {
  for (const grade of ["A", "B", "C", "D", "E"]) {
    test(`${grade}: badge text is readable (≥ 4.5:1)`, () => {
      const { background, text } = gradeColours(grade);
      assert.ok(contrast(background, text) >= 4.5, `${grade}: ${contrast(background, text).toFixed(2)}`);
    });
  }
  test("five distinct colours, and a grey for anything else", () => {
    assert.equal(new Set(Object.values(GRADE_COLOURS).map((colour) => colour.background)).size, 5);
    assert.equal(gradeColours("Z").background, "#6b6b6b");
  });
});

/** Findings as the API lists them; evidence sentences are from the seed policies. */
const FINDINGS = [
  { id: "does_not_sell_data", title: "Does not sell your data", verdict: "good", evidence: [{ text: "We never share, sell or disclose users’ personal information without their permission.", start: 0, end: 87 }] },
  { id: "collects_contact_info", title: "Collects contact details", verdict: "neutral", evidence: [{ text: "When you register for an account, contact us for assistance or submit an order, we may collect your name, phone number, zip code, address, etc.", start: 0, end: 140 }] },
  { id: "retention_unspecified", title: "Does not say how long data is kept", verdict: "bad", evidence: [] },
  { id: "sells_data", title: "Sells personal data", verdict: "blocker", evidence: [{ text: "We may sell your information to third parties.", start: 0, end: 46 }] },
  { id: "uses_tracking_cookies", title: "Tracks you with cookies", verdict: "bad", evidence: [{ text: "We use cookies to recognise you when you return.", start: 0, end: 48 }] },
  { id: "privacy_contact", title: "Gives a privacy contact", verdict: "good", evidence: [] },
];

describe("findings", () => {
  test("blocker first, then bad, neutral, good; the server's order within a verdict", () => {
    assert.deepEqual(sortFindings(FINDINGS).map((f) => f.id), [
      "sells_data",
      "retention_unspecified",
      "uses_tracking_cookies",
      "collects_contact_info",
      "does_not_sell_data",
      "privacy_contact",
    ]);
    assert.equal(FINDINGS[0].id, "does_not_sell_data", "the input is not reordered");
  });

  test("a finding expands to its evidence sentence", () => {
    const doc = blankDocument();
    const node = findingNode(FINDINGS[1], doc);
    assert.equal(node.tagName.toLowerCase(), "details");
    assert.equal(node.querySelector(".finding-title").textContent, "Collects contact details");
    assert.equal(node.querySelector("blockquote").textContent, FINDINGS[1].evidence[0].text);
    assert.ok(node.className.includes("verdict-neutral"));
  });

  test("a silent policy says so instead of quoting", () => {
    const node = findingNode(FINDINGS[2], blankDocument());
    assert.equal(node.querySelector("blockquote"), null);
    assert.equal(node.querySelector(".evidence").textContent, "The policy says nothing about this.");
  });

  test("server text is never parsed as markup", () => {
    const hostile = { id: "x", title: '<img src=x onerror="alert(1)">', verdict: "bad", evidence: [{ text: "<script>alert(1)</script>" }] };
    const node = findingNode(hostile, blankDocument());
    assert.equal(node.querySelector("img"), null);
    assert.equal(node.querySelector("script"), null);
    assert.equal(node.querySelector(".finding-title").textContent, hostile.title);
  });

  test("categories become one line each", () => {
    const list = categoryNodes(
      [
        { id: "third_party_sharing", title: "Sharing", summary: "Shared with delivery companies only.", segments: [3] },
        { id: "do_not_track", title: "Do Not Track", summary: "", segments: [] },
      ],
      blankDocument(),
    );
    assert.equal(list.querySelectorAll("li").length, 1);
    assert.equal(list.querySelector("li").textContent, "Sharing: Shared with delivery companies only.");
  });
});

describe("diff rendering on a real policy change (GitHub, July → August 2021)", () => {
  const diff = JSON.parse(fixture("diff-github-2021-08.json"));
  const ota = (file) => readFileSync(join(REPO_RESOURCES, "ota", file), "utf8");

  test("the fixture is a faithful diff of the two versions", () => {
    assert.equal(diff.ops.filter(([op]) => op >= 0).map(([, text]) => text).join(""), ota(diff.to_file));
    assert.equal(diff.ops.filter(([op]) => op <= 0).map(([, text]) => text).join(""), ota(diff.from_file));
  });

  test("untrimmed, ins + text is the new version and del + text the old one", () => {
    const doc = blankDocument();
    const box = doc.createElement("div");
    box.append(diffNodes(diff.ops, doc, { context: Infinity }));
    const inserted = [...box.querySelectorAll("ins")].map((node) => node.textContent);
    const deleted = [...box.querySelectorAll("del")].map((node) => node.textContent);
    assert.deepEqual(inserted, diff.ops.filter(([op]) => op > 0).map(([, text]) => text));
    assert.deepEqual(deleted, diff.ops.filter(([op]) => op < 0).map(([, text]) => text));
    const withoutDeleted = box.cloneNode(true);
    for (const node of withoutDeleted.querySelectorAll("del")) node.remove();
    assert.equal(withoutDeleted.textContent, ota(diff.to_file));
  });

  test("trimmed, every change is kept and the long unchanged stretches are cut", () => {
    const doc = blankDocument();
    const box = doc.createElement("div");
    box.append(diffNodes(diff.ops, doc, { context: 80 }));
    assert.equal(box.querySelectorAll("ins").length, diff.ops.filter(([op]) => op > 0).length);
    assert.equal(box.querySelectorAll("del").length, diff.ops.filter(([op]) => op < 0).length);
    assert.ok(box.textContent.length < ota(diff.to_file).length / 5, `${box.textContent.length} characters shown`);
    assert.ok(box.textContent.includes("…"));
  });

  test("markup inside diff text stays text", () => {
    const doc = blankDocument();
    const box = doc.createElement("div");
    box.append(diffNodes([[0, "Keep "], [1, "<b>bold</b><script>x()</script>"], [-1, "<i>gone</i>"]], doc));
    assert.equal(box.querySelector("b"), null);
    assert.equal(box.querySelector("script"), null);
    assert.equal(box.querySelector("ins").textContent, "<b>bold</b><script>x()</script>");
  });
});

describe("trimming unchanged text", () => {
  const long = (word) => Array.from({ length: 60 }, (_, i) => `${word}${i}`).join(" ");
  test("keeps the end of the first stretch, both ends of middle ones, the start of the last", () => {
    const ops = [[0, long("a")], [1, "NEW"], [0, long("b")], [-1, "OLD"], [0, long("c")]];
    const [first, , middle, , last] = trimUnchanged(ops, 30);
    assert.ok(first[1].startsWith("… ") && first[1].endsWith("a59"));
    assert.ok(middle[1].startsWith("b0 ") && middle[1].includes(" … ") && middle[1].endsWith("b59"));
    assert.ok(last[1].startsWith("c0 ") && last[1].endsWith(" …"));
  });
  test("short stretches are left whole", () => {
    const ops = [[0, "We collect "], [-1, "your"], [1, "personal"], [0, " data."]];
    assert.deepEqual(trimUnchanged(ops, 30), ops);
  });
});

describe("change summary", () => {
  test("the server's summary wins", () => {
    assert.equal(changeSummary({ summary: "They now sell your data.", stats: {} }), "They now sell your data.");
  });
  test("otherwise built from grade change, findings and word counts", () => {
    const text = changeSummary(
      {
        grade_change: { from: "B", to: "D" },
        findings_added: ["sells_data"],
        findings_removed: ["does_not_sell_data"],
        stats: { inserted_words: 42, deleted_words: 7, changed: true },
      },
      FINDINGS,
    );
    assert.equal(
      text,
      "The grade went from B to D. New: Sells personal data. No longer: Does not sell your data. 42 words added, 7 removed.",
    );
  });
});
