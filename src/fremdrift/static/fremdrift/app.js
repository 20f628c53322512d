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

// The caseload board's one move dialog. Each card's "Flyt" link opens the citizen's move
// page; with JavaScript, htmx loads the same moves into the board's dialog instead, so the
// board carries one move control rather than a form per card. Closing the dialog (its button or
// Escape) puts focus back on the link that opened it.
(function () {
  var opener = null;

  function dialog() {
    return document.getElementById("flyt-dialog");
  }

  function enhanced() {
    var box = dialog();
    return Boolean(box && window.htmx && typeof box.showModal === "function");
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!enhanced()) {
      return;
    }
    document.querySelectorAll("a.card-move").forEach(function (link) {
      link.setAttribute("aria-haspopup", "dialog");
    });
    dialog().addEventListener("close", function () {
      document.getElementById("flyt-indhold").textContent = "";
      if (opener) {
        opener.focus();
        opener = null;
      }
    });
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.card-move") : null;
    if (!link || !enhanced() || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    opener = link;
    window.htmx
      .ajax("GET", link.href, { target: "#flyt-indhold", swap: "innerHTML" })
      .then(function () {
        if (document.getElementById("flyt-titel")) {
          dialog().showModal();
        } else {
          window.location.href = link.href; // no moves came back: the page says why
        }
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });
})();
