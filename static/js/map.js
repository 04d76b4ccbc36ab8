// Member map: province outline always, tiles only when configured, markers
// clustered when dense. Works with no tile server: the outline is shipped.
(function () {
  "use strict";
  var current = null;

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  // A circle marker is an SVG path, which the keyboard cannot reach: give it a
  // tab stop and a name, open its popup with Enter or Space and move the focus to
  // the profile link inside (clusters are Leaflet markers, reachable already).
  function reachableByKeyboard(marker, name) {
    var path = marker.getElement();
    if (!path || path.hasAttribute("tabindex")) return;
    path.setAttribute("tabindex", "0");
    path.setAttribute("role", "button");
    path.setAttribute("aria-label", name);
    path.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      marker.openPopup();
      var link = marker.getPopup().getElement().querySelector(".leaflet-popup-content a");
      if (link) link.focus();
    });
  }

  // Leaflet names its popups' close button in English: name it in the page's language.
  function nameCloseButton(event, label) {
    var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close && label) close.setAttribute("aria-label", label);
  }

  function draw(el) {
    if (!el || typeof L === "undefined") return;
    if (current) { current.remove(); current = null; }
    var map = L.map(el, { scrollWheelZoom: false, minZoom: 6, maxZoom: 17 })
      .setView([50.6, 4.6], 8);
    current = map;
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "" }).addTo(map);
    }
    fetch(el.dataset.outline).then(function (r) { return r.json(); }).then(function (geo) {
      if (map !== current) return; // replaced by an htmx swap while loading
      var outline = L.geoJSON(geo, {
        style: { color: "#3a4a6b", weight: 1, fillColor: "#e8edf6", fillOpacity: el.dataset.tiles ? 0.1 : 0.8 },
        interactive: false
      }).addTo(map);
      outline.bringToBack();
      // Not animated: Leaflet 1.9 throws if an htmx swap removes the map mid-zoom.
      if (!el.dataset.single) map.fitBounds(outline.getBounds(), { animate: false });
    });
    if (el.dataset.single) {
      var ll = el.dataset.single.split(",").map(Number);
      L.circleMarker(ll, { radius: 8, color: "#b3261e", fillOpacity: 0.9 })
        .addTo(map).bindTooltip(escapeHtml(el.dataset.singleName || "")); // a string is HTML to Leaflet
      map.setView(ll, 9);
      return;
    }
    fetch(el.dataset.points, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (map !== current) return;
        var layer = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 }) : L.layerGroup();
        data.points.forEach(function (p) {
          var marker = L.circleMarker([p[0], p[1]], { radius: 6, color: "#1f4e8c", weight: 2, fillColor: "#4f7fc4", fillOpacity: 0.9 });
          marker.bindPopup('<a href="' + el.dataset.base + encodeURIComponent(p[3]) + '/">' + escapeHtml(p[2]) + "</a>" +
            (p[4] ? '<br><span class="map-note">' + escapeHtml(p[4]) + "</span>" : ""));
          marker.on("add", function () { reachableByKeyboard(marker, p[2]); });
          layer.addLayer(marker);
        });
        layer.addTo(map);
        map.on("popupopen", function (event) { nameCloseButton(event, el.dataset.labelClose); });
        el.dataset.count = String(data.points.length);
      });
  }

  // circleMarkers are vector paths: markercluster needs a getLatLng-only API, which they have.
  document.addEventListener("DOMContentLoaded", function () { draw(document.getElementById("org-map")); });
  document.addEventListener("htmx:afterSettle", function () { draw(document.getElementById("org-map")); });
})();
