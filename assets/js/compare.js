// Comparison: 2 to 4 pairings side by side, rows needed by two or more marked in words. The picks
// live in the URL in the order picked (?p=<goal>--<use case>): a link shares them, Back undoes.
const { model, itemsList, tagLists, t, h, byId, pairingName, joined, noteIgnored, toQuery } =
  await import(document.querySelector("link[data-widget]").href);
const $ = (name) => document.querySelector(`[data-compare-${name}]`);
const form = $("form");
const boxes = [...form.querySelectorAll("input")];
const MAX = Number(form.dataset.max);

function picked() {
  const query = new URLSearchParams(location.search);
  const ids = [...new Set(query.getAll("p"))].filter((id) => byId.has(id)).slice(0, MAX);
  // Unknown ids and picks past the limit are noted like unknown parameters.
  noteIgnored(query, (name, id) => name === "p" && ids.includes(id), $("note"));
  return ids;
}

function rows(pairings) {
  const row = (name, cells, count) => h("tr", {},
    h("th", { scope: "row" }, name, count > 1 ? h("span", { className: "shared" }, t("compare.shared", { count })) : null),
    cells.map((cell) => h("td", {}, cell ?? h("span", { className: "none" }, t("compare.not_needed")))));
  // A list's rows: every entry any pairing has, first seen first; cell() is null where one lacks it.
  const group = (label, names, cell) => names.length && h("tbody", {},
    h("tr", {}, h("th", { scope: "rowgroup", colSpan: pairings.length + 1, className: "compare-group" }, h("span", {}, label))),
    [...new Set(names)].map((name) => {
      const cells = pairings.map((p) => cell(p, name));
      return row(name, cells, cells.filter((c) => c).length);
    }));
  const items = itemsList && ((p) => p.lists[itemsList.key]);
  return [
    h("thead", {}, h("tr", {}, h("td"), pairings.map((p) =>
      h("th", { scope: "col" }, h("a", { href: p.url }, p.title), h("span", { className: "compare-goal" }, p.goal_title))))),
    h("tbody", {}, row(t("compare.description"), pairings.map((p) => p.description))),
    items && group(itemsList.label, pairings.flatMap((p) => items(p).map((e) => e.name)), (p, name) => {
      const e = items(p).find((entry) => entry.name === name);
      return e && (e.properties.length ? h("ul", { className: "properties" }, e.properties.map((x) => h("li", {}, h("code", {}, x))))
        : t("items.none", { name: itemsList.properties }));
    }),
    ...tagLists.map((d) => group(d.label, pairings.flatMap((p) => p.lists[d.key]),
      (p, name) => (p.lists[d.key].includes(name) ? t("compare.needed") : null))),
  ].filter((el) => el);
}

function render() {
  const ids = picked();
  const pairings = ids.map((id) => byId.get(id));
  for (const box of boxes) {
    box.checked = ids.includes(box.value);
    box.disabled = !box.checked && ids.length >= MAX;
  }
  $("full").hidden = ids.length < MAX;
  const table = $("table");
  table.caption.textContent = t("text.colon", { label: model.use_case.plural, text: joined(pairings.map(pairingName)) });
  table.replaceChildren(table.caption, ...(pairings.length > 1 ? rows(pairings) : []));
  $("few").hidden = !($("wrap").hidden = pairings.length < 2);
}

form.addEventListener("change", ({ target }) => {
  const ids = picked().filter((id) => id !== target.value);
  if (target.checked) ids.push(target.value);
  history.pushState(null, "", toQuery(ids.map((id) => ["p", id])));
  render();
});
addEventListener("popstate", render);
form.hidden = $("output").hidden = false;
$("fallback").hidden = true;
render();
