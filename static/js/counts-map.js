// Campaign map: provinces shaded by their total (a choropleth from the shipped
// outline), municipalities as circles sized by count. No tile server needed.
(function () {
  "use strict";
  var el = document.getElementById("campaign-map");
  if (!el || typeof L === "undefined") return;
  var map = L.map(el, { scrollWheelZoom: false, minZoom: 6 }).setView([50.6, 4.6], 8);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "" }).addTo(map);
  var shades = ["#f1f4fa", "#d4def0", "#a9bde0", "#6f8fc8", "#3a62a8", "#1f4e8c"];
  function escapeHtml(text) { var d = document.createElement("div"); d.textContent = text; return d.innerHTML; }
  // The outline names provinces in French, Dutch and German; English falls back to French.
  var lang = document.documentElement.lang;
  function provinceName(props) { return props["name_" + lang] || props.name_fr; }
  Promise.all([
    fetch(el.dataset.outline).then(function (r) { return r.json(); }),
    fetch(el.dataset.points || el.dataset.labels).then(function (r) { return r.json(); })
  ]).then(function (results) {
    var geo = results[0], data = results[1];
    var totals = data.provinces || {};
    var max = Math.max.apply(null, [1].concat(Object.keys(totals).map(function (k) { return totals[k]; })));
    var outline = L.geoJSON(geo, {
      style: function (f) {
        var n = totals[f.properties.nis] || 0;
        var shade = data.provinces ? shades[Math.min(5, Math.ceil(5 * n / max))] : "#e8edf6";
        return { color: "#3a4a6b", weight: 1, fillColor: shade, fillOpacity: 0.85 };
      },
      onEachFeature: function (f, layer) {
        if (data.provinces) layer.bindTooltip(escapeHtml(provinceName(f.properties)) + ": " + (totals[f.properties.nis] || 0));
      }
    }).addTo(map);
    map.fitBounds(outline.getBounds(), { animate: false });
    var top = Math.max.apply(null, [1].concat(data.points.map(function (p) { return p[3] || 1; })));
    data.points.forEach(function (p) {
      var radius = data.provinces ? 3 + 17 * Math.sqrt((p[3] || 0) / top) : 7;
      L.circleMarker([p[0], p[1]], { radius: radius, color: "#7a1d16", weight: 1, fillColor: "#d9482b", fillOpacity: 0.7 })
        .bindTooltip(escapeHtml(p[2]) + (data.provinces ? ": " + p[3] : " (" + p[3] + ")"))
        .addTo(map);
    });
    el.dataset.count = String(data.points.length);
  });
})();
