// Plan builder: the union of the picked pairings' items (with their properties) and tags, by the
// lists the catalog model declares, each marked as already in place or to add (from the decision
// flow's answers); downloadable as CSV and JSON and copyable as Markdown. The URL holds the picks
// (?p=<goal>--<use case>) and what the reader has (i=, t=); ?add= links merge with the last plan.
const { data, model, itemsList: items, tagLists: tags, t, h, byId, gather, readHave, haveParams, noteIgnored, toQuery } =
  await import(document.querySelector("link[data-widget]").href);

const STORAGE_KEY = "signpost-plan";
const form = document.querySelector("[data-plan]");
const output = document.querySelector("[data-plan-output]");
const $ = (name) => document.querySelector(`[data-plan-${name}]`);
const query = new URLSearchParams(location.search);
const have = readHave(query);

function stored() {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]");
  } catch (err) {
    return [];
  }
}

function initialSelection() {
  const added = query.getAll("add");
  const ids = added.length ? [...stored(), ...added] : query.getAll("p");
  return data.pairings.filter((p) => ids.includes(p.id)).map((p) => p.id); // catalog order: one URL per plan
}

const label = (p) => `${p.title} (${p.goal_title})`;
const statusText = (entry) => (entry.status === "in_place" ? t("plan.status_in_place") : t("plan.status_to_add"));

// The picked pairings' items (with the union of their properties) and tags, each once, with who
// needs it and whether the reader already has it. Keys are the model's list keys.
export function buildPlan(ids) {
  const picked = data.pairings.filter((p) => ids.includes(p.id));
  const found = gather(picked);
  const plan = { use_cases: picked.map((p) => ({ goal: p.goal, use_case: p.use_case, title: p.title, goal_title: p.goal_title })) };
  for (const d of [items, ...tags].filter(Boolean)) {
    const had = d === items ? have.items : have.tags[d.key];
    plan[d.key] = [...found[d.key].values()].map(({ name, properties, needed_by: by }) => ({
      name, ...(d === items && { properties }), needed_by: by.map(label), status: had.has(name) ? "in_place" : "to_add" }));
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
  const rows = [[t("plan.csv_type"), t("plan.csv_name"), t("plan.csv_properties"), t("plan.csv_needed_by"), t("plan.csv_status")]];
  if (items) plan[items.key].forEach((e) => rows.push([kindOf(items), e.name, e.properties.join("; "), e.needed_by.join("; "), statusText(e)]));
  tags.forEach((d) => plan[d.key].forEach((e) => rows.push([kindOf(d), e.name, "", e.needed_by.join("; "), statusText(e)])));
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const mdCell = (text) => text.replaceAll("|", "\\|");
const code = (text) => "`" + mdCell(text) + "`"; // not a template literal: rjsmin cannot nest them

export function toMarkdown(plan) {
  const picked = plan.use_cases.map((u) => `${u.title} (${u.goal_title})`).join(", ");
  const lines = [`# ${model.plan}`, "", t("text.colon", { label: model.use_case.plural, text: picked }), ""];
  if (items) {
    lines.push(`| ${[items.singular, items.properties, t("plan.needed_by"), t("plan.status")].map(mdCell).join(" | ")} |`, "| --- | --- | --- | --- |");
    plan[items.key].forEach((e) => lines.push(`| ${mdCell(e.name)} | ${e.properties.map(code).join(", ")} | ${mdCell(e.needed_by.join("; "))} | ${statusText(e)} |`));
    lines.push("");
  }
  tags.forEach((d) => lines.push(`## ${d.plural}`, "", ...plan[d.key].map((e) => `- ${e.name} (${statusText(e)})`), ""));
  return lines.join("\n");
}

function download(name, type, text) {
  const link = h("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

let plan = buildPlan([]);

function render(ids) {
  form.querySelectorAll("input[name=p]").forEach((box) => { box.checked = ids.includes(box.value); });
  plan = buildPlan(ids);
  // Use cases, not pairings: one picked under two goals is still one use case to run.
  const count = new Set(plan.use_cases.map((u) => u.use_case)).size;
  const lists = model.lists.filter((d) => d.kind !== "text");
  const counts = lists.map((d) => t("count.entries", { count: plan[d.key].length, singular: d.singular, plural: d.plural }));
  const entries = lists.flatMap((d) => plan[d.key]);
  const toAdd = entries.filter((e) => e.status === "to_add").length;
  $("summary").textContent = count
    ? t("plan.summary", { picked: t("count.usecases", { count }), counts: counts.join(", ") })
      + (toAdd < entries.length ? ` ${t("plan.gap", { count: toAdd, total: entries.length })}` : "")
    : t("plan.empty");
  $("actions").hidden = $("tables").hidden = !count;
  if (items) {
    $("items").replaceChildren(...plan[items.key].map((e) => h("tr", {}, h("th", { scope: "row" }, e.name),
      h("td", {}, e.properties.join(", ") || t("items.none", { name: items.properties })),
      h("td", {}, e.needed_by.join("; ")), h("td", { className: e.status }, statusText(e)))));
  }
  for (const d of tags) {
    output.querySelector(`[data-plan-tags="${d.key}"]`).replaceChildren(...plan[d.key].map((e) => h("li", {}, `${e.name} (${statusText(e)})`)));
  }
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(ids));
  } catch (err) {
    // The URL still carries the selection.
  }
}

const urlFor = (ids) => toQuery([...ids.map((id) => ["p", id]), ...haveParams(have)]);

form.addEventListener("change", () => {
  const ids = [...form.querySelectorAll("input[name=p]:checked")].map((box) => box.value);
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

noteIgnored(query, (name, value) => (["p", "add"].includes(name) ? byId.has(value) : ["i", "t"].includes(name)), $("ignored"));
const first = initialSelection();
history.replaceState(null, "", urlFor(first));
form.hidden = false;
output.hidden = false;
$("fallback").hidden = true;
render(first);
