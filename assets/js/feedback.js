// "Was this page helpful?": thanks the reader, and POSTs the answer only when the site
// configures a feedback URL (data-endpoint). No third-party script is involved.
const FORM = "[data-feedback]";
const STATUS = "[data-feedback-status]";
// Interface strings in the site's language, from the JSON block every page embeds (the same
// few lines are in each module: assets have hashed names, so modules cannot import each other).
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

function init(form) {
  const status = form.querySelector(STATUS);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const answer = event.submitter ? event.submitter.value : "";
    const endpoint = form.getAttribute("data-endpoint");
    if (endpoint) {
      const body = new URLSearchParams({ page: form.elements.page.value, helpful: answer });
      fetch(endpoint, { method: "POST", body, mode: "no-cors", keepalive: true }).catch(() => {});
    }
    form.querySelectorAll("button").forEach((button) => { button.disabled = true; });
    status.textContent = answer === "yes" ? t("feedback.thanks_yes") : t("feedback.thanks_no");
  });
  form.hidden = false;
}

document.querySelectorAll(FORM).forEach(init);
