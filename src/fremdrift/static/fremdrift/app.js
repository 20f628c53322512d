// Starts the design system's components; no inline scripts, so the CSP can forbid them.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS && typeof window.DKFDS.init === "function") {
    window.DKFDS.init();
  }
  // A page that comes back with errors moves focus to their summary, so screen readers
  // announce them and keyboard users can follow the links to each field.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});
