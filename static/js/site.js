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
  // On a phone the header folds into one "Menu" button (the CSS decides when).
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".menu-button");
    var header = document.querySelector(".site-header");
    if (!button || !header) return;
    button.hidden = false;
    header.classList.add("menu-enhanced");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
      if (open) {
        var first = document.querySelector("#site-menu a, #site-menu input");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && header.classList.contains("menu-open")) {
        button.click();
        button.focus();
      }
    });
  });
  document.addEventListener("htmx:afterSettle", function (e) {
    var root = e.target;
    var target = root.querySelector(".error-summary") || root.querySelector("[data-focus-after-swap]");
    if (target) target.focus();
  });
  // A campaign's form asks for a postcode in Belgium, for a country abroad.
  function showResidence(form) {
    var choice = form.querySelector("input[name=in_belgium]:checked");
    if (!choice) return;
    var abroad = choice.value === "no";
    [["postcode", abroad], ["municipality", abroad], ["country", !abroad]].forEach(function (pair) {
      var input = form.querySelector("[name=" + pair[0] + "]");
      var box = input && input.closest(".field");
      if (box) box.hidden = pair[1];
    });
  }
  function showResidences(root) {
    (root || document).querySelectorAll("form").forEach(showResidence);
  }
  document.addEventListener("DOMContentLoaded", function () { showResidences(document); });
  document.addEventListener("htmx:afterSettle", function (e) { showResidences(e.target); });
  // A campaign's letter follows the case chosen in its form, as long as the writer
  // has not changed the text (the templates are on the page as JSON).
  function followCase(radio) {
    var data = document.getElementById("letter-templates");
    if (!data) return;
    var letter = radio.form.querySelector("textarea[name=letter]");
    var templates = JSON.parse(data.textContent);
    if (!letter || !(radio.value in templates)) return;
    var untouched = letter.value.trim() === "" || Object.keys(templates).some(function (slug) {
      return templates[slug].trim() === letter.value.trim();
    });
    if (untouched) letter.value = templates[radio.value];
  }
  document.addEventListener("change", function (e) {
    if (!e.target.form) return;
    if (e.target.name === "in_belgium") showResidence(e.target.form);
    if (e.target.name === "case") followCase(e.target);
  });
})();
