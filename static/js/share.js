// The "copy the link" buttons of share boxes (templates/includes/share.html):
// hidden without JavaScript, where the address stays in a field to copy by hand.
(function () {
  "use strict";
  function enhance() {
    document.querySelectorAll("button[data-copy][hidden]").forEach(function (button) {
      button.hidden = false;
    });
  }
  if (!window.plaidoyerShare) {
    window.plaidoyerShare = true;
    document.addEventListener("click", function (e) {
      var button = e.target.closest && e.target.closest("button[data-copy]");
      if (!button) return;
      var input = document.getElementById(button.getAttribute("data-copy"));
      if (!input) return;
      var status = button.parentNode.querySelector(".share-status");
      function done() { if (status) status.textContent = button.getAttribute("data-copied"); }
      input.select();
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
    document.addEventListener("htmx:afterSettle", enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
