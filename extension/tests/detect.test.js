import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { bestPolicyLink, fold, rankPolicyLinks, scoreLink } from "../detect.js";
import { fixture, REPO_RESOURCES, runFindPolicy, seedPage } from "./helpers.js";

/** Real-looking shop and news pages (footers modelled on real sites) → the policy link a person would pick. */
const PAGES = [
  ["shop-en-us.html", "https://www.northfieldoutfitters.com/", "https://www.northfieldoutfitters.com/legal/privacy-policy"],
  ["shop-de.html", "https://www.hausfreund.de/", "https://www.hausfreund.de/service/datenschutz/"],
  ["shop-fr.html", "https://www.labonnepage.fr/", "https://www.labonnepage.fr/donnees-personnelles/politique-de-confidentialite"],
  ["shop-es.html", "https://www.almacenessol.es/es/", "https://www.almacenessol.es/es/politica-de-privacidad/"],
  ["shop-it.html", "https://www.calzatureriva.it/it/", "https://www.calzatureriva.it/it/privacy-e-cookie/"],
  ["shop-nl.html", "https://www.kiesbox.nl/nl/", "https://www.kiesbox.nl/nl/m/privacy/"],
  ["shop-pt-br.html", "https://www.casaverde.com.br/", "https://www.casaverde.com.br/institucional/politica-de-privacidade"],
  ["shop-ja.html", "https://www.midori-denki.co.jp/", "https://www.midori-denki.co.jp/privacy/"],
  ["news-rel-privacy-policy.html", "https://www.dailyharbour.co.uk/news/storm", "https://www.harbourmediagroup.co.uk/legal/privacy-notice"],
  ["blog-no-policy.html", "https://crumbandcrust.blog/2024/04/starter-week-three/", null],
];

describe("policy link on real-looking pages", () => {
  for (const [name, pageUrl, expected] of PAGES) {
    test(`${name} → ${expected}`, () => {
      assert.equal(bestPolicyLink(runFindPolicy(fixture(name), pageUrl)), expected);
    });
  }
});

describe("the content script reads links as plain data", () => {
  test("absolute URLs, footer flag, rel and positions", () => {
    const found = runFindPolicy(fixture("shop-en-us.html"), "https://www.northfieldoutfitters.com/");
    assert.equal(found.page.url, "https://www.northfieldoutfitters.com/");
    assert.match(found.page.title, /^Northfield Outfitters/);
    const policy = found.links.find((link) => link.text === "Privacy Policy");
    assert.deepEqual(policy.href, "https://www.northfieldoutfitters.com/legal/privacy-policy");
    assert.equal(policy.inFooter, true);
    const men = found.links.find((link) => link.text === "Men");
    assert.equal(men.inFooter, false);
    assert.ok(men.position < policy.position);
    assert.equal(found.links.find((link) => link.text.includes("Privacy Choices")).text, "Your Privacy Choices");
  });

  test('<link rel="privacy-policy"> in the head is read with its rel', () => {
    const found = runFindPolicy(fixture("news-rel-privacy-policy.html"), "https://www.dailyharbour.co.uk/news/storm");
    const rel = found.links.filter((link) => link.rel === "privacy-policy");
    assert.deepEqual(rel.map((link) => link.href), ["https://www.harbourmediagroup.co.uk/legal/privacy-notice"]);
  });

  test("a <base href> resolves relative links", () => {
    const html = '<html><head><base href="https://cdn.example.org/de/"></head><body><footer><a href="datenschutz">Datenschutz</a></footer></body></html>';
    const found = runFindPolicy(html, "https://www.example.org/");
    assert.equal(found.links[0].href, "https://cdn.example.org/de/datenschutz");
  });
});

const SEEDS = join(REPO_RESOURCES, "seeds");
describe("seed policies served as pages", () => {
  for (const name of readdirSync(SEEDS).sort()) {
    test(`${name}: on the policy page itself, the policy is found`, () => {
      const html = seedPage(readFileSync(join(SEEDS, name), "utf8"));
      const url = "http://127.0.0.1:8000/privacy-policy";
      const ranked = rankPolicyLinks(runFindPolicy(html, url));
      assert.equal(ranked[0].url, url);
      assert.ok(ranked[0].reasons.includes("this page"));
      assert.ok(ranked[0].reasons.includes("in the footer"));
    });
  }
  test("a shop page whose footer links to a seed", () => {
    const html = fixture("shop-en-us.html");
    assert.equal(bestPolicyLink(runFindPolicy(html, "http://127.0.0.1:8000/")), "http://127.0.0.1:8000/legal/privacy-policy");
  });
});

describe("scoring single links", () => {
  const page = "https://shop.example.com/";
  const score = (text, href, extra = {}) => scoreLink({ text, href, rel: "", inFooter: true, position: 0.95, ...extra }, page);
  const RANKED = [
    // [better, worse]: the first must outscore the second
    [["Privacy Policy", "/privacy-policy"], ["Your Privacy Choices", "/privacy-choices"]],
    [["Privacy", "/privacy"], ["Privacy Settings", "/account/privacy-settings"]],
    [["Datenschutzerklärung", "/datenschutz"], ["Cookie-Einstellungen", "/datenschutz/cookies"]],
    [["Politique de confidentialité", "/confidentialite"], ["Données personnelles", "/mes-donnees"]],
    [["Privacy Notice", "/legal/privacy"], ["Privacy Center", "/privacy-center"]],
  ];
  for (const [[betterText, betterPath], [worseText, worsePath]] of RANKED) {
    test(`"${betterText}" beats "${worseText}"`, () => {
      const better = score(betterText, new URL(betterPath, page).href);
      const worse = score(worseText, new URL(worsePath, page).href);
      assert.ok(better.score > (worse?.score ?? 0), `${better.score} vs ${worse?.score}`);
    });
  }

  const NOT_CANDIDATES = [
    ["Cookie settings", "https://shop.example.com/#"],
    ["Terms of Use", "https://shop.example.com/terms"],
    ["Email us", "mailto:privacy@shop.example.com"],
    ["Privacy", "javascript:void(0)"],
    ["Cookie policy", "https://shop.example.com/cookie-policy"],
  ];
  for (const [text, href] of NOT_CANDIDATES) {
    test(`"${text}" <${href}> is not a candidate`, () => assert.equal(score(text, href), null));
  }

  test("a bare /privacy path with unrelated link text still counts", () => {
    assert.ok(score("Legal", "https://shop.example.com/privacy"));
  });
  test("fragments are dropped, so one policy is one candidate", () => {
    const ranked = rankPolicyLinks({
      page: { url: page },
      links: [
        { href: "https://shop.example.com/privacy#cookies", text: "Cookies in our privacy policy" },
        { href: "https://shop.example.com/privacy", text: "Privacy Policy", inFooter: true },
      ],
    });
    assert.deepEqual(ranked.map((candidate) => candidate.url), ["https://shop.example.com/privacy"]);
  });
  test("fold strips accents and case", () => {
    assert.equal(fold("  Política de  Privacidade "), "politica de privacidade");
    assert.equal(fold("DATENSCHUTZERKLÄRUNG"), "datenschutzerklarung");
  });
});
