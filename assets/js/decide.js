// Decision flow: goal -> considerations -> ranked use cases, with the state in the URL.
// The page lists every goal's considerations and use cases without JavaScript; this replaces
// that list with the interactive form. Data comes from the build (#signpost-data).
const FORM = "[data-decide]";
const data = JSON.parse(document.querySelector('script[type="application/json"]#signpost-data').textContent);
const form = document.querySelector(FORM);
const results = document.querySelector("[data-decide-results]");
const list = results.querySelector("[data-decide-list]");
const empty = results.querySelector("[data-decide-empty]");
const planWrap = results.querySelector("[data-decide-plan-wrap]");
const planLink = results.querySelector("[data-decide-plan]");
const planBase = planLink.getAttribute("href");
// Interface strings in the site's language, from the JSON block every page embeds (the same
// few lines are in each module: assets have hashed names, so modules cannot import each other).
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

function readUrl() {
  const query = new URLSearchParams(location.search);
  const goal = data.goals.find((g) => g.slug === query.get("goal"));
  const ticked = query.getAll("c").map(Number).filter((i) => goal && Number.isInteger(i) && goal.considerations[i]);
  return { goal: goal ? goal.slug : "", ticked };
}

function readForm() {
  const goal = form.elements.goal.value;
  const fieldset = form.querySelector(`[data-considerations-for="${CSS.escape(goal)}"]`);
  const ticked = fieldset ? [...fieldset.querySelectorAll("input:checked")].map((box) => Number(box.value)) : [];
  return { goal, ticked };
}

function toQuery(state) {
  const query = new URLSearchParams();
  if (state.goal) query.set("goal", state.goal);
  state.ticked.forEach((i) => query.append("c", String(i)));
  const text = query.toString();
  return text ? `?${text}` : location.pathname;
}

// Use cases of the goal in the goal's order; each ticked consideration lifts the ones it points to.
export function recommend(goal, ticked) {
  const reasons = new Map();
  ticked.forEach((i) => goal.considerations[i].use_cases.forEach((slug) => {
    reasons.set(slug, [...(reasons.get(slug) || []), goal.considerations[i].question]);
  }));
  return data.pairings
    .filter((p) => p.goal === goal.slug)
    .map((p, order) => ({ pairing: p, why: reasons.get(p.use_case) || [], order }))
    .sort((a, b) => b.why.length - a.why.length || a.order - b.order);
}

function item(result, goal) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.pairing.url;
  link.textContent = result.pairing.title;
  const why = document.createElement("p");
  why.className = "why";
  why.textContent = result.why.length
    ? t("decide.why", { questions: result.why.join(" ") })
    : t("decide.why_default", { title: goal.title, description: result.pairing.description });
  const add = document.createElement("p");
  add.className = "plan-add";
  const addLink = document.createElement("a");
  addLink.href = `${planBase}?add=${encodeURIComponent(result.pairing.id)}`;
  addLink.textContent = t("plan.add");
  addLink.setAttribute("aria-label", t("plan.add_named", { title: result.pairing.title }));
  add.append(addLink);
  li.append(link, why, add);
  return li;
}

function render(state) {
  form.elements.goal.forEach((radio) => { radio.checked = radio.value === state.goal; });
  form.querySelectorAll("[data-considerations-for]").forEach((fieldset) => {
    const active = fieldset.dataset.considerationsFor === state.goal;
    fieldset.hidden = !active;
    fieldset.querySelectorAll("input").forEach((box) => {
      box.checked = active && state.ticked.includes(Number(box.value));
    });
  });
  const goal = data.goals.find((g) => g.slug === state.goal);
  const ranked = goal ? recommend(goal, state.ticked) : [];
  list.replaceChildren(...ranked.map((result) => item(result, goal)));
  empty.hidden = ranked.length > 0;
  planWrap.hidden = ranked.length === 0;
  const picked = ranked.filter((r) => r.why.length || !state.ticked.length).map((r) => `p=${encodeURIComponent(r.pairing.id)}`);
  planLink.href = `${planBase}?${picked.join("&")}`;
}

form.addEventListener("change", () => {
  const state = readForm();
  history.pushState(state, "", toQuery(state));
  render(state);
});
window.addEventListener("popstate", () => render(readUrl()));

form.hidden = false;
results.hidden = false;
document.querySelector("[data-decide-fallback]").hidden = true;
render(readUrl());
