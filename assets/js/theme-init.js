// Runs in <head>, before the first paint, so a reader's saved theme never flashes the other.
// It also marks the page as scripted, for styles that only make sense with JavaScript.
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var saved = localStorage.getItem("signpost-theme");
    if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);
  } catch (err) {
    // Storage can be blocked (private mode, strict settings): the system preference applies.
  }
})();
