// Preview only (served by `build.py serve`, never part of a built site). A file, not an
// injected inline script, so that preview pages run under the site's Content-Security-Policy
// (connect-src 'self' allows this same-origin socket).
// Reload after each rebuild: the preview's livereload socket says when.
function listenForReloads(reconnected) {
  const socket = new WebSocket(`ws://${location.host}/livereload`);
  socket.onopen = () => {
    if (reconnected) return location.reload(); // the preview was restarted: show what it serves now
    socket.send(JSON.stringify({ command: "hello", protocols: ["http://livereload.com/protocols/official-7"] }));
    socket.send(JSON.stringify({ command: "info", url: location.href })); // registers this page
  };
  socket.onmessage = (event) => JSON.parse(event.data).command === "reload" && location.reload();
  socket.onclose = () => setTimeout(listenForReloads, 1000, true);
}
listenForReloads(false);

// Interface strings in the site's language, from the JSON block every page embeds (the preview adds its messages).
const MESSAGES = JSON.parse(document.querySelector('script[type="application/json"]#signpost-messages')?.textContent || "{}");
const lc = (name) => (/^\p{Lu}{2}/u.test(name) ? name : name.charAt(0).toLowerCase() + name.slice(1));
function t(key, values = {}) {
  const text = MESSAGES[key] ?? MESSAGES[`${key}_${values.count === 1 ? "one" : "other"}`] ?? key;
  return text.replace(/\{(\w+?)(_lc)?\}/g, (all, name, low) => (name in values ? (low ? lc(String(values[name])) : String(values[name])) : all));
}

// After each reload, ask whether the last rebuild failed and, if so, show its problems.
const response = await fetch("/__signpost__/status", { cache: "no-store" });
const status = await response.json();
if (status.problems.length) {
  const overlay = document.createElement("div");
  overlay.setAttribute("role", "alertdialog");
  overlay.setAttribute("aria-labelledby", "signpost-overlay-title");
  overlay.style.cssText = "position:fixed;inset:1rem;z-index:1000;overflow:auto;padding:1.5rem;border-radius:8px;"
    + "background:#2b0b0b;color:#ffe9e9;font:14px/1.5 ui-monospace,monospace;box-shadow:0 10px 40px rgb(0 0 0/.5)";
  const title = document.createElement("h2");
  title.id = "signpost-overlay-title";
  title.textContent = t("preview.failed", { count: status.problems.length });
  title.style.cssText = "margin:0 0 1rem;font-size:16px";
  const list = document.createElement("ul");
  list.style.cssText = "margin:0;padding-left:1.2rem";
  for (const problem of status.problems) {
    const item = document.createElement("li");
    item.textContent = problem;
    list.append(item);
  }
  const hint = document.createElement("p");
  hint.textContent = t("preview.hint");
  overlay.append(title, list, hint);
  document.body.append(overlay);
}
