// Small progressive enhancements shared by every page.
(function () {
  "use strict";
  // After a failed submit, take keyboard and screen-reader users to the summary.
  function focusErrors(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) summary.focus();
  }
  document.addEventListener("DOMContentLoaded", function () { focusErrors(document); });
  document.addEventListener("htmx:afterSettle", function (e) { focusErrors(e.target); });
})();
