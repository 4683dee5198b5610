// Plan builder: the union of the picked pairings' items (with their properties) and tags, by
// the lists the catalog model declares; downloadable as CSV and JSON and copyable as Markdown. The selection lives in the URL
// (?p=<goal>--<use case>); links elsewhere add to it with ?add=, merged with the last plan.
const STORAGE_KEY = "signpost-plan";
const data = JSON.parse(document.querySelector('script[type="application/json"]#signpost-data').textContent);
const form = document.querySelector("[data-plan]");
const output = document.querySelector("[data-plan-output]");
const $ = (name) => output.querySelector(`[data-plan-${name}]`);
// Interface strings in the site's language, from the JSON block every page embeds (the same
// few lines are in each module: assets have hashed names, so modules cannot import each other).
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

function stored() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]");
  } catch (err) {
    return [];
  }
}

function initialSelection() {
  const query = new URLSearchParams(location.search);
  const added = query.getAll("add");
  const ids = added.length ? [...stored(), ...added] : query.getAll("p");
  return data.pairings.filter((p) => ids.includes(p.id)).map((p) => p.id); // catalog order: one URL per plan
}

const label = (p) => `${p.title} (${p.goal_title})`;
const model = data.model;
const items = model.lists.find((d) => d.kind === "items");
const tags = model.lists.filter((d) => d.kind === "tags");

// The items in first-seen order, each with the union of its properties and who needs it; each
// tags list without repeats, with who needs each entry. Keys are the model's list keys.
export function buildPlan(ids) {
  const picked = data.pairings.filter((p) => ids.includes(p.id));
  const plan = { use_cases: picked.map((p) => ({ goal: p.goal, use_case: p.use_case, title: p.title, goal_title: p.goal_title })) };
  if (items) {
    const found = new Map();
    for (const p of picked) {
      for (const e of p.lists[items.key]) {
        const entry = found.get(e.name) || { name: e.name, properties: [], needed_by: [] };
        e.properties.forEach((prop) => entry.properties.includes(prop) || entry.properties.push(prop));
        entry.needed_by.push(label(p));
        found.set(e.name, entry);
      }
    }
    plan[items.key] = [...found.values()];
  }
  for (const d of tags) {
    const found = new Map();
    picked.forEach((p) => p.lists[d.key].forEach((name) => found.set(name, [...(found.get(name) || []), label(p)])));
    plan[d.key] = [...found].map(([name, needed_by]) => ({ name, needed_by }));
  }
  return plan;
}

// A spreadsheet must not run what a cell says: formulas are neutralised with a leading quote.
function csvCell(value) {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

const kindOf = (d) => d.singular.toLowerCase();

export function toCsv(plan) {
  const rows = [[t("plan.csv_type"), t("plan.csv_name"), t("plan.csv_properties"), t("plan.csv_needed_by")]];
  if (items) plan[items.key].forEach((e) => rows.push([kindOf(items), e.name, e.properties.join("; "), e.needed_by.join("; ")]));
  tags.forEach((d) => plan[d.key].forEach((t) => rows.push([kindOf(d), t.name, "", t.needed_by.join("; ")])));
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const mdCell = (text) => text.replaceAll("|", "\\|");

export function toMarkdown(plan) {
  const picked = plan.use_cases.map((u) => `${u.title} (${u.goal_title})`).join(", ");
  const lines = [`# ${model.plan}`, "", t("text.colon", { label: model.use_case.plural, text: picked }), ""];
  if (items) {
    lines.push(`| ${mdCell(items.singular)} | ${mdCell(items.properties)} | ${mdCell(t("plan.needed_by"))} |`, "| --- | --- | --- |");
    plan[items.key].forEach((e) => lines.push(`| ${mdCell(e.name)} | ${e.properties.map((p) => `\`${mdCell(p)}\``).join(", ")} | ${mdCell(e.needed_by.join("; "))} |`));
    lines.push("");
  }
  tags.forEach((d) => lines.push(`## ${d.plural}`, "", ...plan[d.key].map((t) => `- ${t.name}`), ""));
  return lines.join("\n");
}

function download(name, type, text) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

function cell(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

let plan = buildPlan([]);

function render(ids) {
  form.querySelectorAll("input[name=p]").forEach((box) => { box.checked = ids.includes(box.value); });
  plan = buildPlan(ids);
  const count = plan.use_cases.length;
  const counts = model.lists.filter((d) => d.kind !== "text")
    .map((d) => t("count.entries", { count: plan[d.key].length, singular: d.singular, plural: d.plural }));
  $("summary").textContent = count
    ? t("plan.summary", { picked: t("count.usecases", { count }), counts: counts.join(", ") })
    : t("plan.empty");
  $("actions").hidden = $("tables").hidden = !count;
  if (items) {
    $("items").replaceChildren(...plan[items.key].map((e) => {
      const row = document.createElement("tr");
      row.append(cell("th", e.name), cell("td", e.properties.join(", ") || t("items.none", { name: items.properties })), cell("td", e.needed_by.join("; ")));
      row.firstChild.scope = "row";
      return row;
    }));
  }
  for (const d of tags) {
    output.querySelector(`[data-plan-tags="${d.key}"]`).replaceChildren(...plan[d.key].map((t) => cell("li", t.name)));
  }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(ids));
  } catch (err) {
    // The URL still carries the selection.
  }
}

function selectionFromForm() {
  return [...form.querySelectorAll("input[name=p]:checked")].map((box) => box.value);
}

function urlFor(ids) {
  return ids.length ? `?${ids.map((id) => `p=${encodeURIComponent(id)}`).join("&")}` : location.pathname;
}

form.addEventListener("change", () => {
  const ids = selectionFromForm();
  history.replaceState(null, "", urlFor(ids));
  render(ids);
});
const fileName = model.plan.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "plan";
$("csv").addEventListener("click", () => download(`${fileName}.csv`, "text/csv", toCsv(plan)));
$("json").addEventListener("click", () => download(`${fileName}.json`, "application/json", `${JSON.stringify(plan, null, 2)}\n`));
$("markdown").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(toMarkdown(plan));
    $("status").textContent = t("plan.copied");
  } catch (err) {
    $("status").textContent = t("plan.copy_failed");
  }
});

const first = initialSelection();
history.replaceState(null, "", urlFor(first));
form.hidden = false;
output.hidden = false;
document.querySelector("[data-plan-fallback]").hidden = true;
render(first);
