/*
 * Injected into the active tab when the user opens the popup (chrome.scripting.executeScript).
 * Reads this page's links as plain data; detect.js ranks them. Nothing is sent anywhere from here:
 * the value of the last expression below is handed back to the extension only.
 */
(() => {
  const MAX_LINKS = 5000;
  const FOOTER = 'footer, [role="contentinfo"], [id*="footer" i], [class*="footer" i]';
  const clean = (text) => (text || "").replace(/\s+/g, " ").trim().slice(0, 200);

  function visibleText(el) {
    const image = el.querySelector && el.querySelector("img[alt]");
    return (
      clean(el.textContent) ||
      clean(el.getAttribute("aria-label")) ||
      clean(el.getAttribute("title")) ||
      clean(image && image.getAttribute("alt"))
    );
  }

  // The last links are kept when a page has very many: footers come last.
  const elements = Array.from(
    document.querySelectorAll('a[href], area[href], link[rel~="privacy-policy" i][href]'),
  ).slice(-MAX_LINKS);
  const links = [];
  elements.forEach((el, index) => {
    let href;
    try {
      href = new URL(el.getAttribute("href"), document.baseURI).href;
    } catch {
      return;
    }
    links.push({
      href,
      text: el.tagName.toLowerCase() === "link" ? "" : visibleText(el),
      rel: (el.getAttribute("rel") || "").toLowerCase(),
      inFooter: Boolean(el.closest(FOOTER)),
      position: (index + 1) / elements.length,
    });
  });
  return {
    page: { url: location.href, title: clean(document.title), lang: document.documentElement.lang || "" },
    links,
  };
})();
