// What the catalog widgets share (decision flow, plan builder, comparison): the build's data,
// the interface strings, an element builder and the URL state they all keep. Pages load it with
// <link rel="modulepreload" data-widget>; each widget imports that link's href, because hashed
// asset names keep modules from importing each other by a fixed path.
export const data = JSON.parse(document.querySelector('script[type="application/json"]#signpost-data').textContent);
export const model = data.model;
export const itemsList = model.lists.find((d) => d.kind === "items");
export const tagLists = model.lists.filter((d) => d.kind === "tags");
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));

export function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

// h("a", {href, className}, "text", child): properties are set as properties, names with a dash
// (aria-*, data-*) as attributes; null children are skipped.
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name.includes("-")) el.setAttribute(name, value);
    else el[name] = value;
  }
  el.append(...children.flat().filter((child) => child != null));
  return el;
}

export const byId = new Map(data.pairings.map((p) => [p.id, p]));
export const pairingName = (p) => t("pairing.name", { title: p.title, goal_title: p.goal_title });
// A list of names in the site's language ("a, b and c"), for sentences built from parts.
const LIST = new Intl.ListFormat(document.documentElement.lang || "en", { type: "conjunction" });
export const joined = (names) => LIST.format(names);

// The union of some pairings' lists, by list key: each entry once, in first-seen order, an item
// with every property any of them gives it; `needed_by` holds the pairings that list the entry.
export function gather(pairings) {
  const found = Object.fromEntries(model.lists.map((d) => [d.key, new Map()]));
  for (const p of pairings) {
    for (const d of model.lists) {
      for (const e of p.lists[d.key]) {
        const name = e.name ?? e;
        const entry = found[d.key].get(name) || { name, properties: [], needed_by: [] };
        e.properties?.forEach((x) => entry.properties.includes(x) || entry.properties.push(x));
        entry.needed_by.push(p);
        found[d.key].set(name, entry);
      }
    }
  }
  return found;
}

// -- What the reader already has, as the decision flow and the plan builder read it from the URL:
// i=<item name> per item tracked, t=<tags list key>:<name> per tag connected.
export function readHave(query) {
  const have = { items: new Set(query.getAll("i")), tags: Object.fromEntries(tagLists.map((d) => [d.key, new Set()])) };
  for (const value of query.getAll("t")) {
    const [key, ...rest] = value.split(":");
    have.tags[key]?.add(rest.join(":"));
  }
  return have;
}

export function haveParams(have) {
  return [...[...have.items].map((name) => ["i", name]),
    ...Object.entries(have.tags).flatMap(([key, names]) => [...names].map((name) => ["t", `${key}:${name}`]))];
}

// Parameters a page does not know are ignored, and said so: a shared link with a typo must not
// look like a page that silently forgot an answer.
// `kept(name, value)` says whether the page used a parameter.
export function noteIgnored(query, kept, note) {
  const ignored = [...query].filter(([name, value]) => !kept(name, value)).map(([name, value]) => `${name}=${value}`);
  note.textContent = ignored.length ? t("widget.ignored", { params: ignored.join(", ") }) : "";
  note.hidden = !ignored.length;
}

export function toQuery(params) {
  // ":" separates a goal from a consideration and a list from a tag: left readable, as RFC 3986 allows.
  const text = new URLSearchParams(params).toString().replaceAll("%3A", ":");
  return text ? `?${text}` : location.pathname;
}
