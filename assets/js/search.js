// Header search over the Pagefind index the build writes to /pagefind/. Pagefind's own script
// is loaded on first use only, so pages that are never searched never download it.
const FORM = "[data-search]";
const form = document.querySelector(FORM);
const input = form && form.querySelector("input");
const box = form && form.querySelector("[data-search-results]");
let pagefind = null;
let latest = 0;
// Interface strings in the site's language, from the JSON block every page embeds (the same
// few lines are in each module: assets have hashed names, so modules cannot import each other).
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

async function engine() {
  if (!pagefind) {
    const base = form.dataset.base;
    pagefind = await import(`${base}pagefind/pagefind.js`);
    await pagefind.options({ baseUrl: base, excerptLength: 24 });
  }
  return pagefind;
}

function resultItem(result) {
  const li = document.createElement("li");
  const link = document.createElement("a");
  link.href = result.url;
  link.className = "search-title";
  link.textContent = result.meta.title || result.url;
  li.append(link);
  if (result.meta.goal) {
    const goal = document.createElement("span");
    goal.className = "search-goal";
    goal.textContent = result.meta.goal;
    li.append(goal);
  }
  const excerpt = document.createElement("p");
  // Pagefind's excerpt is escaped page text with <mark> around the matched words.
  excerpt.innerHTML = result.excerpt;
  li.append(excerpt);
  return li;
}

async function search(term) {
  const ticket = ++latest;
  if (!term.trim()) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  const found = await (await engine()).search(term);
  const top = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
  if (ticket !== latest) return; // a newer keystroke already answered
  const heading = document.createElement("p");
  heading.className = "search-count";
  heading.textContent = found.results.length ? t("search.found", { count: found.results.length }) : t("search.none", { query: term });
  const list = document.createElement("ul");
  list.append(...top.map(resultItem));
  box.replaceChildren(heading, list);
  box.hidden = false;
}

function links() {
  return [...box.querySelectorAll("a")];
}

function moveFocus(step) {
  const all = links();
  if (!all.length) return;
  const at = all.indexOf(document.activeElement);
  const next = at === -1 ? (step > 0 ? 0 : all.length - 1) : at + step;
  if (next < 0) input.focus();
  else all[Math.min(next, all.length - 1)].focus();
}

if (form) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = links()[0];
    if (first) first.click();
  });
  input.addEventListener("input", () => search(input.value));
  input.addEventListener("focus", () => engine().catch(() => {}), { once: true });
  form.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") { event.preventDefault(); moveFocus(1); }
    if (event.key === "ArrowUp") { event.preventDefault(); moveFocus(-1); }
    if (event.key === "Escape") { box.hidden = true; input.focus(); }
  });
  document.addEventListener("click", (event) => { if (!form.contains(event.target)) box.hidden = true; });
  form.hidden = false;
}
