// "On this page": marks the entry of the section being read (aria-current) while the reader
// scrolls, and keeps the list's <details> open where the stylesheet shows it as a side column,
// so that a screen reader hears it as expanded there. Without JavaScript the links still work.
const toc = document.querySelector(".page-toc");
const WIDE = "(width > 72rem)"; // the side column's breakpoint in site.css
const LINE = 33; // %: a section is current once its heading passes the upper third of the window

function init() {
  const entries = [...toc.querySelectorAll('a[href^="#"]')]
    .map((link) => [link, document.getElementById(decodeURIComponent(link.hash.slice(1)))])
    .filter(([, target]) => target);
  const mark = () => {
    const line = (innerHeight * LINE) / 100;
    let current = null;
    for (const [link, target] of entries) {
      // A hidden target has no boxes: it is never the one being read.
      if (target.getClientRects().length && target.getBoundingClientRect().top <= line) current = link;
    }
    for (const [link] of entries) {
      if (link === current) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    }
  };
  // The observer only says when a heading crosses the line (or leaves the window); mark() decides.
  const observer = new IntersectionObserver(mark, { rootMargin: `0px 0px -${100 - LINE}% 0px` });
  entries.forEach(([, target]) => observer.observe(target));

  const details = toc.querySelector("details");
  const summary = details.querySelector("summary");
  const wide = matchMedia(WIDE);
  const fit = () => {
    details.open = wide.matches;
    summary.tabIndex = wide.matches ? -1 : 0; // a heading there, not a button
  };
  // Where the list is always shown, closing it would only make it announced as collapsed.
  summary.addEventListener("click", (event) => { if (wide.matches) event.preventDefault(); });
  wide.addEventListener("change", fit);
  fit();
}

if (toc) init();
