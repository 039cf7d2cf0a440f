// A small single-page app: renders a policy delivered as JSON blocks ([kind, text], kind
// "heading", "para" or "item", as a headless CMS sends rich text) into a mount node.
function renderPolicy(root, policy) {
  const article = document.createElement("article");
  let list = null;
  for (const [kind, text] of policy.blocks) {
    if (kind === "item") {
      if (list === null) {
        list = document.createElement("ul");
        article.append(list);
      }
      const item = document.createElement("li");
      item.textContent = text;
      list.append(item);
      continue;
    }
    list = null;
    const element = document.createElement(kind === "heading" ? "h2" : "p");
    element.textContent = text;
    article.append(element);
  }
  document.title = policy.title;
  root.replaceChildren(article);
}

function loadPolicy(root, url) {
  return fetch(url, { headers: { Accept: "application/json" } })
    .then((response) => response.json())
    .then((policy) => renderPolicy(root, policy));
}
