/** Test helpers: parse real pages with linkedom and run the injected content script on them. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { parseHTML } from "linkedom";

export const HERE = dirname(fileURLToPath(import.meta.url));
export const EXTENSION = join(HERE, "..");
export const REPO_RESOURCES = join(EXTENSION, "..", "tests", "resources");
const CONTENT_SCRIPT = readFileSync(join(EXTENSION, "content", "find-policy.js"), "utf8");

export function fixture(name) {
  return readFileSync(join(HERE, "fixtures", name), "utf8");
}

/** A DOM for `html` as if loaded from `url` (linkedom has no URL of its own, so baseURI is set). */
export function documentFor(html, url) {
  const { document } = parseHTML(html);
  const base = document.querySelector("base[href]");
  const baseURI = base ? new URL(base.getAttribute("href"), url).href : url;
  Object.defineProperty(document, "baseURI", { value: baseURI });
  return document;
}

/** Runs content/find-policy.js against `html` served at `url`; returns what it hands back. */
export function runFindPolicy(html, url) {
  const document = documentFor(html, url);
  const context = vm.createContext({ document, location: new URL(url), URL });
  return JSON.parse(JSON.stringify(vm.runInContext(CONTENT_SCRIPT, context)));
}

/** A seed policy (Markdown-ish text) as the page a shop would serve at /privacy-policy. */
export function seedPage(text, shopName = "Example Shop") {
  const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const blocks = text.split(/\n\s*\n/).map((block) => block.trim()).filter(Boolean);
  const heading = blocks.find((block) => block.startsWith("# "))?.slice(2) ?? blocks[0];
  const body = blocks.map((block) => (block.startsWith("#") ? `<h2>${escape(block.replace(/^#+\s*/, ""))}</h2>` : `<p>${escape(block)}</p>`));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(heading)} | ${shopName}</title></head>
<body><header><a href="/">${shopName}</a> <a href="/shop">Shop</a> <a href="/cart">Cart</a></header>
<main><article>${body.join("\n")}</article></main>
<footer><a href="/contact">Contact</a> <a href="/terms">Terms &amp; Conditions</a> <a href="/privacy-policy">Privacy Policy</a></footer>
</body></html>`;
}
