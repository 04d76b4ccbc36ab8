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
  // A campaign's letter follows the case chosen in its form, as long as the writer
  // has not changed the text (the templates are on the page as JSON).
  document.addEventListener("change", function (e) {
    var radio = e.target;
    var data = document.getElementById("letter-templates");
    if (radio.name !== "case" || !radio.form || !data) return;
    var letter = radio.form.querySelector("textarea[name=letter]");
    var templates = JSON.parse(data.textContent);
    if (!letter || !(radio.value in templates)) return;
    var untouched = letter.value.trim() === "" || Object.keys(templates).some(function (slug) {
      return templates[slug].trim() === letter.value.trim();
    });
    if (untouched) letter.value = templates[radio.value];
  });
})();
