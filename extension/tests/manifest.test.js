import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import vm from "node:vm";
import { parseHTML } from "linkedom";
import { MESSAGE_TYPES, MSG } from "../messages.js";
import { EXTENSION } from "./helpers.js";

const manifest = JSON.parse(readFileSync(join(EXTENSION, "manifest.json"), "utf8"));
const read = (file) => readFileSync(join(EXTENSION, file), "utf8");
const SCRIPTS = readdirSync(EXTENSION).filter((file) => file.endsWith(".js")).concat(["content/find-policy.js"]);
const PAGES = readdirSync(EXTENSION).filter((file) => file.endsWith(".html"));

describe("manifest: one package for Chromium and Firefox, narrow permissions", () => {
  test("Manifest V3 with both background forms as an ES module", () => {
    assert.equal(manifest.manifest_version, 3);
    assert.equal(manifest.background.service_worker, "background.js");
    assert.deepEqual(manifest.background.scripts, ["background.js"]);
    assert.equal(manifest.background.type, "module");
    assert.match(manifest.browser_specific_settings.gecko.id, /^[\w.-]+@[\w.-]+$/);
  });

  test("only the permissions the extension uses", () => {
    const allowed = new Set(["activeTab", "scripting", "storage", "alarms", "notifications"]);
    for (const permission of manifest.permissions) assert.ok(allowed.has(permission), permission);
    for (const needed of ["activeTab", "scripting", "storage"]) assert.ok(manifest.permissions.includes(needed), needed);
    const everything = JSON.stringify([manifest.permissions, manifest.host_permissions, manifest.optional_permissions ?? []]);
    for (const banned of ["<all_urls>", '"tabs"', "webRequest", "*://*/*"]) assert.ok(!everything.includes(banned), banned);
  });

  test("host access only to the default local server; others are optional", () => {
    assert.deepEqual(manifest.host_permissions, ["http://127.0.0.1/*"]);
    assert.deepEqual(manifest.optional_host_permissions, ["https://*/*", "http://*/*"]);
    assert.equal(manifest.content_scripts, undefined, "nothing runs in pages unless the user opens the popup");
  });

  test("a strict CSP: own scripts only, no objects, no eval", () => {
    const csp = manifest.content_security_policy.extension_pages;
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /object-src 'none'/);
    assert.doesNotMatch(csp, /unsafe|https?:|\*/);
  });

  test("every file the manifest names exists", () => {
    const files = [
      manifest.background.service_worker,
      manifest.action.default_popup,
      manifest.options_ui.page,
      ...Object.values(manifest.icons),
      ...Object.values(manifest.action.default_icon),
    ];
    for (const file of files) assert.ok(existsSync(join(EXTENSION, file)), file);
  });
});

describe("code hygiene the CSP and the privacy promise rely on", () => {
  for (const file of SCRIPTS) {
    test(`${file}: no HTML injection, eval or remote code`, () => {
      const source = read(file);
      for (const banned of [/\.innerHTML\b/, /\.outerHTML\b/, /insertAdjacentHTML/, /document\.write/, /\beval\(/, /new Function\(/, /import\(\s*["'`]https?:/]) {
        assert.doesNotMatch(source, banned);
      }
    });
    test(`${file}: every relative import exists`, () => {
      for (const [, path] of read(file).matchAll(/^import[^"']*["'](\.[^"']+)["']/gm)) {
        assert.ok(existsSync(join(EXTENSION, file, "..", path)), `${file} imports ${path}`);
      }
    });
  }

  for (const page of PAGES) {
    test(`${page}: only local module scripts, nothing inline`, () => {
      const { document } = parseHTML(read(page));
      const scripts = [...document.querySelectorAll("script")];
      assert.ok(scripts.length > 0);
      for (const script of scripts) {
        assert.equal(script.getAttribute("type"), "module");
        assert.ok(existsSync(join(EXTENSION, script.getAttribute("src"))), script.getAttribute("src"));
        assert.equal(script.textContent.trim(), "");
      }
      assert.equal(document.querySelector("[onclick], [onload], [onerror], [onsubmit]"), null);
    });
  }

  test("the injected content script is a classic script (executeScript cannot inject modules)", () => {
    assert.doesNotThrow(() => new vm.Script(read("content/find-policy.js")));
    assert.doesNotMatch(read("content/find-policy.js"), /\bfetch\(|XMLHttpRequest|sendMessage|WebSocket|sendBeacon/);
  });
});

describe("service worker", () => {
  test("keeps no state in globals, so a cold start loses nothing (top level: imports, consts, functions)", () => {
    const topLevel = read("background.js").split("\n").filter((line) => /^\S/.test(line));
    for (const line of topLevel) assert.doesNotMatch(line, /^(let|var)\s/, line);
  });
  test("registers every listener synchronously at the top level", () => {
    const topLevel = read("background.js").split("\n").filter((line) => /^chrome\./.test(line));
    for (const event of ["runtime.onMessage", "alarms.onAlarm", "storage.onChanged", "runtime.onInstalled"]) {
      assert.ok(topLevel.some((line) => line.startsWith(`chrome.${event}.addListener`)), event);
    }
  });
});

describe("messages", () => {
  test("types are unique and namespaced", () => {
    assert.equal(MESSAGE_TYPES.size, Object.keys(MSG).length);
    for (const type of MESSAGE_TYPES) assert.match(type, /^policywatch\/[a-z-]+$/);
  });
  test("the background dispatcher handles every request type", () => {
    const background = read("background.js");
    for (const name of Object.keys(MSG).filter((name) => name !== "PROGRESS")) {
      assert.match(background, new RegExp(`\\[MSG\\.${name}\\]:`), name);
    }
  });
});
