// Dark mode toggle: follows the system until pressed, then remembers the reader's choice.
const TOGGLE = "[data-theme-toggle]";
const STORAGE_KEY = "signpost-theme";
const systemDark = window.matchMedia("(prefers-color-scheme: dark)");

function currentTheme() {
  return document.documentElement.getAttribute("data-theme") || (systemDark.matches ? "dark" : "light");
}

function init() {
  const button = document.querySelector(TOGGLE);
  if (!button) return;
  const reflect = () => button.setAttribute("aria-pressed", String(currentTheme() === "dark"));
  button.addEventListener("click", () => {
    const next = currentTheme() === "dark" ? "light" : "dark";
    document.documentElement.setAttribute("data-theme", next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch (err) {
      // Not saved, but the page still switches.
    }
    reflect();
  });
  systemDark.addEventListener("change", reflect);
  reflect();
  button.hidden = false;
}

init();
