// On narrow screens the site navigation collapses behind a "Menu" button.
// Without JavaScript it simply stays open above the content.
const TOGGLE = "[data-nav-toggle]";

function init() {
  const button = document.querySelector(TOGGLE);
  const nav = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!nav) return;
  const setOpen = (open) => {
    button.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  };
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
  button.hidden = false;
}

init();
