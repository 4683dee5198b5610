// Filters and sorting for tables marked data-filterable. Each row carries data-<key>="a|b" (keys
// come from the catalog model); the page writes a select per key, hidden, in the table's
// [data-table-tools] (so their place is kept before this runs), and this fills in the values and
// shows them: a select keeps the rows that have the chosen value. Headers marked data-sort get a
// button that sorts by that column. Without JavaScript the full table shows.
const TABLES = "table[data-filterable]";
const LANG = document.documentElement.lang; // sort in the site's language, as the build does (collation.py)
// Interface strings in the site's language, from the JSON block every page embeds (the same
// few lines are in each module: assets have hashed names, so modules cannot import each other).
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

function values(row, key) {
  return (row.getAttribute(`data-${key}`) || "").split("|").filter(Boolean);
}

function setUp(table) {
  const rows = [...table.tBodies[0].rows];
  const tools = document.querySelector(`[data-table-tools="${table.id}"]`);
  const status = tools.querySelector(".filter-status");
  const selects = [...tools.querySelectorAll("select")];
  for (const select of selects) {
    const options = [...new Set(rows.flatMap((row) => values(row, select.dataset.key)))].sort((a, b) => a.localeCompare(b, LANG));
    select.append(...options.map((v) => new Option(v, v)));
  }

  const apply = () => {
    let shown = 0;
    rows.forEach((row) => {
      const keep = selects.every((s) => !s.value || values(row, s.dataset.key).includes(s.value));
      row.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    status.textContent = t("filter.showing", { shown, count: rows.length });
  };
  selects.forEach((select) => select.addEventListener("change", apply));

  table.querySelectorAll("th[data-sort]").forEach((th) => {
    const column = th.cellIndex;
    const numeric = th.dataset.sort === "number";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.append(...th.childNodes);
    th.append(button);
    button.addEventListener("click", () => {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th[aria-sort]").forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const key = (row) => {
        const cell = row.cells[column];
        return numeric ? Number(cell.dataset.value) : cell.textContent.trim();
      };
      const sorted = [...rows].sort((a, b) => {
        const order = numeric ? key(a) - key(b) : key(a).localeCompare(key(b), LANG);
        return ascending ? order : -order;
      });
      table.tBodies[0].append(...sorted);
    });
  });
  apply();
  tools.hidden = false;
}

document.querySelectorAll(TABLES).forEach(setUp);
