/**
 * Pure: ranks the links read by content/find-policy.js to find the page's privacy-policy link.
 * Signals: rel="privacy-policy", link text in several languages, well-known paths, footer placement.
 */

/** Link texts that name the policy itself (compared after `fold`). */
const POLICY_PHRASES = [
  "privacy policy", "privacy notice", "privacy statement", "privacy & cookie", "privacy and cookie",
  "privacy e cookie", "data protection policy", "data privacy",
  "datenschutzerklarung", "datenschutzhinweis", "datenschutzrichtlinie", "datenschutzinformation",
  "politique de confidentialite", "politique de protection des donnees", "charte de confidentialite",
  "politica de privacidad", "aviso de privacidad", "politica de privacidade", "aviso de privacidade",
  "informativa sulla privacy", "informativa privacy", "privacybeleid", "privacyverklaring",
  "polityka prywatnosci", "integritetspolicy", "personvernerklæring", "privatlivspolitik",
  "tietosuojaseloste", "gizlilik politikasi", "политика конфиденциальности",
  "プライバシーポリシー", "個人情報保護方針", "隐私政策", "隱私權政策", "개인정보처리방침",
];

/** Words that point at privacy without naming the policy. */
const PRIVACY_WORDS = [
  "privacy", "datenschutz", "confidentialite", "vie privee", "donnees personnelles", "privacidad",
  "privacidade", "protecao de dados", "proteccion de datos", "riservatezza", "prywatnosc",
  "integritet", "personvern", "privatliv", "tietosuoja", "gizlilik", "конфиденциальн",
  "ochrana osobnich udaju",
];

/** Words of links that are about privacy but are not the policy: settings pages, opt-out forms. */
const NOT_POLICY_WORDS = [
  "setting", "choices", "preference", "manage", "do not sell", "opt out", "opt-out", "request",
  "einstellung", "parametre", "gerer", "configuracion", "preferenze", "instellingen", "center", "centre",
];

/** Paths that are the policy. */
const POLICY_PATH = new RegExp(
  "/(privacy([-_]?(policy|notice|statement))?|privacypolicy|privacy-?(and|&)-?cookies?(-policy)?|" +
    "datenschutz(erklaerung|erklarung|hinweise)?|(politique-de-)?confidentialite|" +
    "(politica-de-)?privacidad|(politica-de-)?privacidade|privacybeleid|privacyverklaring|" +
    "(informativa-)?privacy)(\\.(html?|php|aspx?))?/?$",
);
/** Paths that mention privacy somewhere. */
const PRIVACY_PATH = /privacy|datenschutz|confidentialit|privacidad|privacidade|prywatnos/;

const SCORE = Object.freeze({
  rel: 100,
  phrase: 50,
  word: 30,
  policyPath: 25,
  privacyPath: 12,
  footer: 15,
  late: 5,
  sameSite: 5,
  notPolicy: -40,
  thisPage: 20,
});
/** A candidate needs at least this much: one text or path signal. */
const MIN_SCORE = SCORE.privacyPath;

/** Lower-cases and strips accents so "Confidentialité" matches "confidentialite". */
export function fold(text) {
  return (text || "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** The registrable part of a host, near enough: the last two labels (three for co.uk-style). */
function siteOf(hostname) {
  const labels = hostname.split(".");
  const short = labels.length > 2 && labels.at(-2).length <= 3 && labels.at(-1).length === 2;
  return labels.slice(short ? -3 : -2).join(".");
}

function withoutHash(url) {
  return url.split("#", 1)[0];
}

/** Scores one link; returns {url, score, reasons} or null when it is not a policy candidate. */
export function scoreLink(link, pageUrl) {
  let url;
  try {
    url = new URL(link.href);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const text = fold(link.text);
  const path = fold(decodeURIComponent(url.pathname)).replace(/\/+$/, "") || "/";
  const reasons = [];
  let score = 0;
  const add = (points, reason) => {
    score += points;
    reasons.push(reason);
  };

  if (/(^|\s)privacy-policy(\s|$)/.test(link.rel || "")) add(SCORE.rel, 'rel="privacy-policy"');
  if (POLICY_PHRASES.some((phrase) => text.includes(fold(phrase)))) add(SCORE.phrase, "text names the policy");
  else if (PRIVACY_WORDS.some((word) => text.includes(word))) add(SCORE.word, "text mentions privacy");
  if (POLICY_PATH.test(path)) add(SCORE.policyPath, "policy path");
  else if (PRIVACY_PATH.test(path)) add(SCORE.privacyPath, "path mentions privacy");
  if (score < MIN_SCORE) return null;

  if (NOT_POLICY_WORDS.some((word) => text.includes(word))) add(SCORE.notPolicy, "settings, not the policy");
  if (link.inFooter) add(SCORE.footer, "in the footer");
  if ((link.position ?? 0) > 0.7) add(SCORE.late, "late in the page");
  if (pageUrl) {
    try {
      if (siteOf(new URL(pageUrl).hostname) === siteOf(url.hostname)) add(SCORE.sameSite, "same site");
    } catch {
      // an unparsable page URL only loses the same-site bonus
    }
  }
  return score >= MIN_SCORE ? { url: withoutHash(url.href), score, reasons } : null;
}

/** The page itself when it looks like a policy (the user is reading it), or null. */
function thisPageCandidate(page) {
  return page.url ? scoreLink({ href: page.url, text: page.title, inFooter: false }, page.url) : null;
}

/**
 * Ranks what content/find-policy.js returned ({page: {url, title}, links: [...]}).
 * Returns candidates, best first, one per URL (fragments dropped).
 */
export function rankPolicyLinks({ page = {}, links = [] }) {
  const best = new Map();
  const consider = (candidate) => {
    if (!candidate) return;
    const known = best.get(candidate.url);
    if (!known || candidate.score > known.score) best.set(candidate.url, candidate);
  };
  for (const link of links) consider(scoreLink(link, page.url));
  const self = thisPageCandidate(page);
  if (self) {
    const linked = best.get(self.url);
    const base = linked ?? self;
    best.set(self.url, { ...base, score: base.score + SCORE.thisPage, reasons: [...base.reasons, "this page"] });
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

/** The best candidate's URL, or null when the page has no recognisable policy link. */
export function bestPolicyLink(found) {
  return rankPolicyLinks(found)[0]?.url ?? null;
}
