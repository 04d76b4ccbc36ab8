// For online events: add the visitor's own time beside the Brussels time when
// their time zone differs. The server-rendered Brussels time stays the reference.
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "Europe/Brussels") return;
  var lang = document.documentElement.lang || "fr";
  document.querySelectorAll("time[data-localise]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) return;
    var text = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short", timeZone: zone }).format(when);
    var span = document.createElement("span");
    span.className = "meta";
    span.textContent = " (" + text + ", " + zone + ")";
    el.after(span);
  });
})();
