// Small progressive enhancements shared by every page.
(function () {
  "use strict";
  // After a failed submit, take keyboard and screen-reader users to the summary;
  // after htmx swapped in an answer (a thank-you), to its heading.
  function focusErrors(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); });
  document.addEventListener("htmx:afterSettle", function (e) {
    var root = e.target;
    var target = root.querySelector(".error-summary") || root.querySelector("[data-focus-after-swap]");
    if (target) target.focus();
  });
})();
