// For online events: a visitor in another time zone reads the start and end in
// their own zone first, then the Brussels time the server wrote (the reference).
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "Europe/Brussels") return;
  var lang = document.documentElement.lang || "fr";
  var day = new Intl.DateTimeFormat(lang, { dateStyle: "full", timeStyle: "short", timeZone: zone });
  var hour = new Intl.DateTimeFormat(lang, { timeStyle: "short", timeZone: zone });
  document.querySelectorAll("time[data-localise]").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    if (isNaN(start)) return;
    var text = day.format(start);
    var end = new Date(el.getAttribute("data-end") || "");
    if (!isNaN(end)) {
      var sameDay = new Intl.DateTimeFormat("en-CA", { dateStyle: "short", timeZone: zone });
      text += "–" + (sameDay.format(start) === sameDay.format(end) ? hour.format(end) : day.format(end));
    }
    var local = document.createElement("span");
    local.className = "local-time";
    local.setAttribute("data-zone", zone);
    local.textContent = text + " (" + zone.replace(/_/g, " ") + ")";
    // In the visitor's zone first; the Brussels time follows on its own line.
    var holder = el.closest("li, p") || el.parentNode;
    holder.insertBefore(document.createElement("br"), holder.firstChild);
    holder.insertBefore(local, holder.firstChild);
  });
})();
