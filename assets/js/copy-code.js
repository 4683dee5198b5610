// Adds a "Copy" button to every highlighted code block.
const BLOCKS = ".highlight";
// Interface strings in the site's language, from the JSON block every page embeds (the same
// few lines are in each module: assets have hashed names, so modules cannot import each other).
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

function addButton(block) {
  const code = block.querySelector("code");
  if (!code || !navigator.clipboard) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "copy-code";
  button.textContent = t("code.copy");
  button.setAttribute("aria-label", t("code.copy_label"));
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code.innerText);
      button.textContent = t("code.copied");
    } catch (err) {
      button.textContent = t("code.copy_failed");
    }
    setTimeout(() => { button.textContent = t("code.copy"); }, 2000);
  });
  block.append(button);
}

document.querySelectorAll(BLOCKS).forEach(addButton);
