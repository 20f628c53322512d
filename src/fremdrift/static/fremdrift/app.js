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

// Presentation mode: the arrow keys and page keys move between sections, as on a projector.
document.addEventListener("keydown", function (event) {
  if (!document.body.classList.contains("presentation")) {
    return;
  }
  var target = null;
  if (event.key === "ArrowRight" || event.key === "PageDown") {
    target = document.querySelector("[data-present=next]");
  } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
    target = document.querySelector("[data-present=prev]");
  } else if (event.key === "Escape") {
    target = document.querySelector(".presentation-exit");
  }
  if (target) {
    window.location.href = target.href;
  }
});
