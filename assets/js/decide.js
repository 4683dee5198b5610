// Decision flow: the guide's method as a form (a primary goal, other goals that matter, needs,
// what the reader already has), ranked use cases with their reasons and the work left. Every
// answer lives in the URL. The ranking is documented in docs/decision-flow.md; keep them together.
const { data, model, itemsList, tagLists, t, h, gather, joined, readHave, haveParams, noteIgnored, toQuery } =
  await import(document.querySelector("link[data-widget]").href);

const form = document.querySelector("[data-decide]");
const $ = (name) => document.querySelector(`[data-decide-${name}]`);
const goals = new Map(data.goals.map((g) => [g.slug, g]));
const itemNames = new Map((itemsList ? data.items : []).map((name) => [name.toLowerCase(), name]));
const tagNames = Object.fromEntries(tagLists.map((d) => [d.key, new Set(data.pairings.flatMap((p) => p.lists[d.key]))]));
const canonical = (name) => (data.items.includes(name) ? name : itemNames.get(name.toLowerCase()) || name);

// -- State: URL <-> form ----------------------------------------------------------------------
export function readUrl(query = new URLSearchParams(location.search)) {
  const lone = data.goals.length === 1 ? data.goals[0].slug : "";
  const goal = query.getAll("goal").find((slug) => goals.has(slug)) || lone;
  const also = [...new Set(query.getAll("also"))].filter((s) => goals.has(s) && s !== goal);
  const picked = goal ? [goal, ...also] : [];
  // c=<goal>:<n>; a bare number is the primary goal's (links made before several goals existed).
  const needs = [...new Set(query.getAll("c").map((c) => (/^\d+$/.test(c) ? `${goal}:${c}` : c)))]
    .filter((c) => { const [slug, n] = c.split(":"); return picked.includes(slug) && goals.get(slug).considerations[n]; });
  const have = readHave(query);
  have.items = new Set([...have.items].map(canonical));
  tagLists.forEach((d) => { have.tags[d.key] = new Set([...have.tags[d.key]].filter((n) => tagNames[d.key].has(n))); });
  return { goal, also, needs, have };
}

// Every ticked box is a URL parameter already: its name and its value.
const readForm = () => readUrl(new URLSearchParams([...form.querySelectorAll("input:checked")].map((b) => [b.name, b.value])));

function params(state) {
  return [...(state.goal ? [["goal", state.goal]] : []), ...state.also.map((s) => ["also", s]),
    ...state.needs.map((c) => ["c", c]), ...haveParams(state.have)];
}

// -- Ranking ----------------------------------------------------------------------------------
const pairingsOf = (slug) => data.pairings.filter((p) => p.goal === slug);

// One result per use case of the primary goal. Sort keys, in order: needs matched (more first),
// picked goals served (more first), work left (less first), the primary goal's own order.
export function rank(state) {
  if (!state.goal) return [];
  const picked = [state.goal, ...state.also];
  const needs = state.needs.map((c) => { const [slug, n] = c.split(":"); return goals.get(slug).considerations[n]; });
  return pairingsOf(state.goal).map((primary, order) => {
    const served = data.pairings.filter((p) => p.use_case === primary.use_case && picked.includes(p.goal));
    const result = { primary, order, served, matched: needs.filter((c) => c.use_cases.includes(primary.use_case)).map((c) => c.question) };
    const found = gather(served);
    result.items = itemsList ? [...found[itemsList.key].values()] : [];
    result.toAdd = result.items.filter((e) => !state.have.items.has(e.name));
    result.properties = result.toAdd.reduce((sum, e) => sum + e.properties.length, 0);
    result.tags = tagLists.map((d) => [d, [...found[d.key].keys()].filter((name) => !state.have.tags[d.key].has(name))]);
    result.work = result.toAdd.length + result.properties + result.tags.reduce((sum, [, names]) => sum + names.length, 0);
    return result;
  }).sort((a, b) => b.matched.length - a.matched.length || b.served.length - a.served.length || a.work - b.work || a.order - b.order);
}

// Why the first result is first: the first sort key that sets it apart from the second.
function whyFirst(results, state) {
  const [a, b] = results;
  if (!b) return t("decide.first_only", { title: goals.get(state.goal).title });
  if (a.matched.length > b.matched.length) return t("decide.first_needs");
  if (a.served.length > b.served.length) return t("decide.first_goals");
  if (a.work < b.work) return t("decide.first_work");
  return t("decide.first_order", { title: goals.get(state.goal).title });
}

function reasons(r, state) {
  const count = (d, n) => t("count.entries", { count: n, singular: d.singular, plural: d.plural });
  const lines = [r.matched.length
    ? t("decide.reason_needs", { count: r.matched.length, questions: joined(r.matched.map((text) => t("decide.quoted", { text }))) })
    : t("decide.reason_goal", { title: goals.get(state.goal).title })];
  const others = r.served.filter((p) => p.goal !== state.goal).map((p) => p.goal_title);
  if (others.length) lines.push(t("decide.reason_also", { titles: joined(others) }));
  if (itemsList) {
    lines.push(t("decide.ready_items", { have: r.items.length - r.toAdd.length, total: r.items.length, plural: itemsList.plural })
      + (r.toAdd.length ? ` ${t("decide.to_add", { names: joined(r.toAdd.map((e) => e.name)) })}` : ""));
  }
  r.tags.forEach(([d, names]) => names.length && lines.push(t("decide.to_connect", { label: d.plural, names: joined(names) })));
  const parts = [...(itemsList && r.toAdd.length ? [t("decide.work_items", { items: count(itemsList, r.toAdd.length), label: itemsList.properties, count: r.properties })] : []),
    ...r.tags.filter(([, names]) => names.length).map(([d, names]) => t("decide.work_tags", { tags: count(d, names.length) }))];
  lines.push(r.work ? t("decide.work", { count: r.work, parts: joined(parts) }) : t("decide.work_none"));
  return lines;
}

// -- Rendering --------------------------------------------------------------------------------
const planBase = $("plan").getAttribute("href");
const compareBase = $("compare").getAttribute("href");

function render(state) {
  const on = new Set(params(state).map(([name, value]) => `${name}=${value}`));
  form.querySelectorAll("input").forEach((box) => { box.checked = on.has(`${box.name}=${box.value}`); });
  const picked = [state.goal, ...state.also];
  form.querySelectorAll("input[name=also]").forEach((box) => { box.parentElement.hidden = box.value === state.goal; });
  form.querySelectorAll("[data-considerations-for]").forEach((set) => { set.hidden = !picked.includes(set.dataset.considerationsFor); });
  // Names that match no item stay in the answers, listed (and untickable) with their near matches.
  const unknown = [...state.have.items].filter((name) => !itemNames.has(name.toLowerCase()));
  $("unknown-list").replaceChildren(...unknown.map((name) => {
    const near = nearest(name);
    return h("label", { className: "choice" }, h("input", { type: "checkbox", name: "i", value: name, checked: true }),
      near.length ? t("decide.did_you_mean", { name, names: joined(near) }) : name);
  }));
  $("unknown").hidden = !unknown.length;
  for (const name of ["also", "have"]) if ($(name)) $(name).hidden = !state.goal;

  const results = rank(state);
  $("list").replaceChildren(...results.map((r, index) => h("li", { className: index ? "" : "start-here" },
    index ? null : h("p", { className: "badge" }, t("decide.start_here")),
    h("a", { href: r.primary.url }, r.primary.title),
    h("p", { className: "description" }, r.primary.description),
    index ? null : h("p", { className: "why" }, whyFirst(results, state)),
    h("ul", { className: "reasons" }, reasons(r, state).map((line) => h("li", {}, line))))));
  $("empty").hidden = results.length > 0;
  $("next").hidden = !results.length;
  // The plan gets the use cases that match a need (or the one to start with), for every picked
  // goal they serve, and what the reader already has.
  const chosen = results.filter((r, index) => r.matched.length || !index);
  $("plan").href = planBase + toQuery([...chosen.flatMap((r) => r.served.map((p) => ["p", p.id])), ...haveParams(state.have)]);
  const compared = results.slice(0, 4);
  $("compare").hidden = compared.length < 2;
  $("compare").href = compareBase + toQuery(compared.map((r) => ["p", r.primary.id]));
  $("compare").textContent = t("decide.compare", { count: compared.length });
}

// Up to three item names within a small edit distance, or that contain the text: "did you mean".
function nearest(name) {
  const text = name.toLowerCase();
  const limit = Math.max(2, Math.floor(text.length / 4));
  return [...itemNames.entries()].map(([low, real]) => [low.includes(text) || text.includes(low) ? 0 : distance(low, text), real])
    .filter(([d]) => d <= limit).sort((a, b) => a[0] - b[0]).slice(0, 3).map(([, real]) => real);
}

function distance(a, b) {
  let row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i += 1) {
    const next = [i];
    for (let j = 1; j <= b.length; j += 1) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] !== b[j - 1]));
    row = next;
  }
  return row[b.length];
}

// -- Answers from elsewhere: pasted names, a plan the builder exported --------------------------
// Both become URL parameters (i=, t=) added to the form's: readUrl then matches them like any other.
const addHave = (found) => go(readUrl(new URLSearchParams([...params(readForm()), ...found])));

// A plan the builder exported: its JSON (lists by key) or its CSV (type, name, ...), in this
// site's words. Anything else is refused with the reason, and no answer changes.
export function readPlanFile(text) {
  // Only the lists the flow asks about: the items list and the tags lists (never text lists).
  const wanted = model.lists.filter((d) => d === itemsList || d.kind === "tags");
  const param = (d, name) => (d === itemsList ? ["i", name] : ["t", `${d.key}:${name}`]);
  if (/^\s*[{[]/.test(text)) {
    const plan = JSON.parse(text);
    const lists = wanted.filter((d) => Array.isArray(plan?.[d.key]));
    if (!lists.length) throw new Error(t("decide.file_no_lists"));
    return lists.flatMap((d) => plan[d.key].map((e) => param(d, String(e?.name ?? e))));
  }
  const kinds = new Map(wanted.map((d) => [d.singular.toLowerCase(), d]));
  const [head, ...rows] = csvRows(text);
  const [type, name] = [t("plan.csv_type"), t("plan.csv_name")].map((column) => head.indexOf(column));
  if (type < 0 || name < 0) throw new Error(t("decide.file_no_header", { columns: joined([t("plan.csv_type"), t("plan.csv_name")]) }));
  return rows.flatMap((row, index) => {
    const d = kinds.get(row[type]);
    if (!row.join("")) return [];
    if (!d || row[name] == null) throw new Error(t("decide.file_bad_row", { line: index + 2, type: row[type] ?? "" }));
    return [param(d, row[name].replace(/^'(?=[=+\-@\t\r])/, ""))]; // the builder's guard against formulas
  });
}

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.
function csvRows(text) {
  const rows = [[]];
  for (const [, quoted, plain, end] of text.matchAll(/(?:"((?:[^"]|"")*)"|([^",\r\n]*))(,|\r?\n|\r|$)/g)) {
    rows.at(-1).push(quoted == null ? plain : quoted.replaceAll('""', '"'));
    if (end !== ",") rows.push([]);
    if (!end) break;
  }
  return rows;
}

// -- Events ----------------------------------------------------------------------------------
function go(state) {
  history.pushState(null, "", toQuery(params(state)));
  render(state);
}

form.addEventListener("change", (event) => { if (event.target.name) go(readForm()); });
form.addEventListener("submit", (event) => event.preventDefault());
$("paste-add")?.addEventListener("click", () => {
  addHave($("paste").value.split("\n").map((name) => ["i", name.trim()]).filter(([, name]) => name));
  $("paste").value = "";
});
$("file")?.addEventListener("change", async ({ target }) => {
  const file = target.files[0];
  try {
    addHave(readPlanFile(await file.text()));
    $("file-status").textContent = t("decide.file_loaded", { name: file.name });
  } catch (err) {
    $("file-status").textContent = t("decide.file_failed", { name: file.name, reason: err instanceof SyntaxError ? t("decide.file_not_json") : err.message });
  }
  target.value = "";
});
$("filter")?.addEventListener("input", () => {
  const text = $("filter").value.trim().toLowerCase();
  $("items").querySelectorAll("label").forEach((label) => { label.hidden = !label.textContent.toLowerCase().includes(text); });
});
window.addEventListener("popstate", () => render(readUrl()));

const first = readUrl();
// What the URL asked for and the state does not keep (unknown names, goals, answers) is noted.
const kept = new Set(params(first).map(([name, value]) => `${name}=${value}`));
noteIgnored(new URLSearchParams(location.search),
  (name, value) => kept.has(`${name}=${value}`) || kept.has(`c=${first.goal}:${value}`) || (name === "i" && kept.has(`i=${canonical(value)}`)),
  $("ignored"));
form.hidden = false;
$("results").hidden = false;
$("fallback").hidden = true;
history.replaceState(null, "", toQuery(params(first)));
render(first);
