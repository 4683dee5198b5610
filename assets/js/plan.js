// Tracking-plan builder: the union of events, properties and connections of the picked use
// cases, downloadable as CSV and JSON and copyable as Markdown. The selection lives in the URL
// (?p=<goal>--<use case>); links elsewhere add to it with ?add=, merged with the last plan.
const STORAGE_KEY = "signpost-plan";
const data = JSON.parse(document.getElementById("signpost-data").textContent);
const form = document.querySelector("[data-plan]");
const output = document.querySelector("[data-plan-output]");
const $ = (name) => output.querySelector(`[data-plan-${name}]`);

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

// Events in first-seen order, each with the union of its properties and who needs it.
export function buildPlan(ids) {
  const picked = data.pairings.filter((p) => ids.includes(p.id));
  const events = new Map();
  const connections = { sources: new Map(), destinations: new Map() };
  for (const p of picked) {
    for (const e of p.events) {
      const entry = events.get(e.name) || { name: e.name, properties: [], needed_by: [] };
      e.properties.forEach((prop) => entry.properties.includes(prop) || entry.properties.push(prop));
      entry.needed_by.push(label(p));
      events.set(e.name, entry);
    }
    for (const kind of ["sources", "destinations"]) {
      p[kind].forEach((name) => connections[kind].set(name, [...(connections[kind].get(name) || []), label(p)]));
    }
  }
  const list = (map) => [...map].map(([name, needed_by]) => ({ name, needed_by }));
  return {
    use_cases: picked.map((p) => ({ goal: p.goal, use_case: p.use_case, title: p.title, goal_title: p.goal_title })),
    events: [...events.values()],
    sources: list(connections.sources),
    destinations: list(connections.destinations),
  };
}

// A spreadsheet must not run what a cell says: formulas are neutralised with a leading quote.
function csvCell(value) {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

export function toCsv(plan) {
  const rows = [["type", "name", "properties", "needed_by"]];
  plan.events.forEach((e) => rows.push(["event", e.name, e.properties.join("; "), e.needed_by.join("; ")]));
  plan.sources.forEach((s) => rows.push(["source", s.name, "", s.needed_by.join("; ")]));
  plan.destinations.forEach((d) => rows.push(["destination", d.name, "", d.needed_by.join("; ")]));
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const mdCell = (text) => text.replaceAll("|", "\\|");

export function toMarkdown(plan) {
  const lines = ["# Tracking plan", "", `Use cases: ${plan.use_cases.map((u) => `${u.title} (${u.goal_title})`).join(", ")}`, "",
    "| Event | Properties | Needed by |", "| --- | --- | --- |"];
  plan.events.forEach((e) => lines.push(`| ${mdCell(e.name)} | ${e.properties.map((p) => `\`${mdCell(p)}\``).join(", ")} | ${mdCell(e.needed_by.join("; "))} |`));
  lines.push("", "## Sources", "", ...plan.sources.map((s) => `- ${s.name}`), "", "## Destinations", "", ...plan.destinations.map((d) => `- ${d.name}`), "");
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
  $("summary").textContent = count
    ? `${count} use case${count > 1 ? "s" : ""}: ${plan.events.length} events, ${plan.sources.length} sources, ${plan.destinations.length} destinations.`
    : "Pick at least one use case.";
  $("actions").hidden = $("tables").hidden = !count;
  $("events").replaceChildren(...plan.events.map((e) => {
    const row = document.createElement("tr");
    row.append(cell("th", e.name), cell("td", e.properties.join(", ") || "No properties"), cell("td", e.needed_by.join("; ")));
    row.firstChild.scope = "row";
    return row;
  }));
  for (const kind of ["sources", "destinations"]) {
    $(kind).replaceChildren(...plan[kind].map((c) => cell("li", c.name)));
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
$("csv").addEventListener("click", () => download("tracking-plan.csv", "text/csv", toCsv(plan)));
$("json").addEventListener("click", () => download("tracking-plan.json", "application/json", `${JSON.stringify(plan, null, 2)}\n`));
$("markdown").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(toMarkdown(plan));
    $("status").textContent = "Copied as Markdown.";
  } catch (err) {
    $("status").textContent = "Copying failed; your browser blocked the clipboard.";
  }
});

const first = initialSelection();
history.replaceState(null, "", urlFor(first));
form.hidden = false;
output.hidden = false;
document.querySelector("[data-plan-fallback]").hidden = true;
render(first);
