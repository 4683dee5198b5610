// "Was this page helpful?": thanks the reader, and POSTs the answer only when the site
// configures a feedback URL (data-endpoint). No third-party script is involved.
const FORM = "[data-feedback]";
const STATUS = "[data-feedback-status]";

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
    status.textContent = answer === "yes" ? "Thanks for letting us know!" : "Thanks, we will use this to improve the page.";
  });
  form.hidden = false;
}

document.querySelectorAll(FORM).forEach(init);
