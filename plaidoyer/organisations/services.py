"""Every write to organisations, memberships, contacts and staff links."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.core import audit
from plaidoyer.core.models import model_max_length
from plaidoyer.core.text import fold, search_blob
from plaidoyer.core.versions import Version
from plaidoyer.places.models import Municipality

from .models import Contact, Language, Membership, Organisation, Staff, Theme
from .permissions import can_edit_organisation, can_manage_organisations

PROFILE_FIELDS = (
    [f"name_{code}" for code, _ in settings.LANGUAGES]
    + [f"description_{code}" for code, _ in settings.LANGUAGES]
    + [
        "acronym",
        "kind",
        "street_address",
        "postcode",
        "municipality",
        "latitude",
        "longitude",
        "website",
        "email",
        "phone",
        "logo",
        "founded_year",
    ]
)
AUDITED_FIELDS = [*PROFILE_FIELDS, "slug", "is_published", "trusted"]


# What every write here makes stale: the directory and its pages.
STALE = [Version.ORGANISATIONS]


def refresh_search_fields(organisation: Organisation) -> None:
    """Recompute the folded search text and sort key from the current values."""
    names = [
        getattr(organisation, f"name_{code}", "") for code, _ in settings.LANGUAGES
    ]
    municipality = organisation.municipality
    places = []
    if municipality is not None:
        places = [
            getattr(municipality, f"name_{code}", "") for code, _ in settings.LANGUAGES
        ]
    organisation.search_text = search_blob(
        *names,
        organisation.acronym,
        organisation.postcode,
        *places,
        *[
            getattr(organisation, f"description_{code}", "") or ""
            for code, _ in settings.LANGUAGES
        ],
    )[:20000]
    sort_name = fold(organisation.name_fr or organisation.name or "")
    organisation.sort_name = sort_name[: model_max_length(Organisation, "sort_name")]


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:180] or "organisation"
    slug, n = base, 2
    qs = Organisation.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _snapshot_m2m(organisation: Organisation) -> dict:
    if not organisation.pk:
        return {}
    return {
        "themes": sorted(organisation.themes.values_list("slug", flat=True)),
        "languages": sorted(organisation.languages.values_list("code", flat=True)),
    }


@transaction.atomic
def save_organisation(
    *,
    by: User,
    organisation: Organisation,
    themes: list[Theme] | None = None,
    languages: list[Language] | None = None,
) -> Organisation:
    """Validate and save ``organisation`` (new or changed) with its themes and languages.

    Coordinators may create any organisation; staff may only change their own.
    """
    creating = organisation.pk is None
    with audit.action(
        "organisations.create" if creating else "organisations.update",
        by=by,
        allowed=can_manage_organisations(by)
        if creating
        else can_edit_organisation(by, organisation),
        versions=STALE,
    ) as change:
        stored = None
        if not creating:
            stored = Organisation.objects.get(pk=organisation.pk)
            change.before = _audited(stored)
        if not organisation.slug:
            organisation.slug = unique_slug(
                organisation.name_fr or organisation.name or ""
            )
        refresh_search_fields(organisation)
        organisation.full_clean(exclude=["logo"] if not organisation.logo else None)
        organisation.save()
        if stored and stored.logo.name and stored.logo.name != organisation.logo.name:
            # The replaced or cleared logo is not kept anywhere once the change holds.
            transaction.on_commit(partial(stored.logo.storage.delete, stored.logo.name))
        if themes is not None:
            organisation.themes.set(themes)
        if languages is not None:
            organisation.languages.set(languages)
        change.target = organisation
        change.after = _audited(organisation)
    return organisation


def _audited(organisation: Organisation) -> dict:
    return audit.snapshot(organisation, AUDITED_FIELDS) | _snapshot_m2m(organisation)


@dataclass
class ContactChange:
    """One row of the contacts form: new (id None), changed, or to delete."""

    id: int | None
    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    is_public: bool = False
    delete: bool = False
    extra: dict = field(default_factory=dict)


@transaction.atomic
def update_profile(
    *,
    by: User,
    organisation: Organisation,
    changes: dict,
    themes: list[Theme],
    languages: list[Language],
    contacts: list[ContactChange],
) -> Organisation:
    """Apply a profile edit from the public site: fields, themes, languages, contacts.

    All or nothing: a bad contact leaves the profile untouched.
    """
    if not can_edit_organisation(by, organisation):
        raise PermissionDenied
    for name, value in changes.items():
        if name not in PROFILE_FIELDS:
            raise ValidationError({name: "Not an editable field."})
        if (
            name == "kind"
            and value != organisation.kind
            and not can_manage_organisations(by)
        ):
            # The kind opens doors (a municipality may apply for a label).
            raise ValidationError(
                {"kind": _("Only the coordination can change an organisation's kind.")}
            )
        setattr(organisation, name, value)
    save_organisation(
        by=by, organisation=organisation, themes=themes, languages=languages
    )
    save_contacts(by=by, organisation=organisation, contacts=contacts)
    return organisation


@transaction.atomic
def save_contacts(
    *, by: User, organisation: Organisation, contacts: list[ContactChange]
) -> None:
    if not can_edit_organisation(by, organisation):
        raise PermissionDenied
    existing = {c.pk: c for c in organisation.contacts.all()}
    for position, row in enumerate(contacts):
        if row.id is not None and row.id not in existing:
            raise ValidationError("This contact belongs to another organisation.")
        contact = existing.get(row.id) if row.id else None
        if row.delete:
            if contact is not None:
                _delete(by, "organisations.delete_contact", contact)
            continue
        with audit.action(
            "organisations.save_contact",
            by=by,
            target=contact,
            fields="__all__",
            versions=STALE,
            only_if_changed=True,
        ) as change:
            contact = contact or Contact(organisation=organisation)
            contact.name = row.name
            contact.role = row.role
            contact.email = row.email
            contact.phone = row.phone
            contact.is_public = row.is_public
            contact.position = position
            contact.full_clean()
            contact.save()
            change.target = contact


def _delete(
    by: User,
    name: str,
    obj: models.Model,
    *,
    allowed: bool = True,
    fields: audit.Fields = "__all__",
) -> None:
    """Delete ``obj``, its last values in the audit log."""
    with audit.action(
        name, by=by, allowed=allowed, target=obj, fields=fields, versions=STALE
    ):
        obj.delete()


@transaction.atomic
def add_membership(
    *,
    by: User,
    member: Organisation,
    network: Organisation,
    role: str = "member",
    since: datetime.date | None = None,
) -> Membership:
    with audit.action(
        "organisations.add_membership",
        by=by,
        allowed=can_manage_organisations(by),
        fields="__all__",
        versions=STALE,
    ) as change:
        membership = Membership(member=member, network=network, role=role, since=since)
        membership.full_clean()
        membership.save()
        change.target = membership
    return membership


@transaction.atomic
def save_membership(*, by: User, membership: Membership) -> Membership:
    with audit.action(
        "organisations.save_membership",
        by=by,
        allowed=can_manage_organisations(by),
        target=membership,
        fields="__all__",
        stored=True,
        versions=STALE,
    ):
        membership.full_clean()
        membership.save()
    return membership


@transaction.atomic
def remove_membership(*, by: User, membership: Membership) -> None:
    _delete(
        by,
        "organisations.remove_membership",
        membership,
        allowed=can_manage_organisations(by),
    )


@transaction.atomic
def add_staff(
    *, by: User, organisation: Organisation, user: User, role: str = Staff.Role.EDITOR
) -> Staff:
    with audit.action(
        "organisations.add_staff",
        by=by,
        allowed=can_manage_organisations(by),
        fields="__all__",
        versions=STALE,
    ) as change:
        change.target = staff = Staff.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )[0]
    return staff


@transaction.atomic
def remove_staff(*, by: User, staff: Staff) -> None:
    _delete(
        by, "organisations.remove_staff", staff, allowed=can_manage_organisations(by)
    )


@transaction.atomic
def delete_organisation(*, by: User, organisation: Organisation) -> None:
    _delete(
        by,
        "organisations.delete",
        organisation,
        allowed=can_manage_organisations(by),
        fields=AUDITED_FIELDS,
    )


IMPORT_COLUMNS = [
    "slug",
    "name_fr",
    "name_nl",
    "name_en",
    "name_de",
    "acronym",
    "kind",
    "description_fr",
    "description_nl",
    "description_en",
    "description_de",
    "themes",
    "languages",
    "street_address",
    "postcode",
    "municipality",
    "website",
    "email",
    "phone",
    "founded_year",
    "networks",
]


@transaction.atomic
def import_organisations(*, by: User, data: bytes) -> list[Organisation]:
    """Create or update organisations from CSV (matched on slug, else created).

    Every bad row is reported with its line and column; on any error nothing is
    written. Multi-valued cells (themes, languages, networks) are separated by ``|``.
    """
    from plaidoyer.core.csvimport import check_rows, read_table

    if not can_manage_organisations(by):
        raise PermissionDenied
    table = read_table(data, required=["name_fr", "kind"], known=IMPORT_COLUMNS)
    existing = {o.slug: o for o in Organisation.objects.all()}
    plans = check_rows(table, _OrganisationRowCheck(table, existing))
    saved = _save_imported_organisations(by=by, plans=plans, existing=existing)
    networks = existing | saved
    for plan in plans:
        member = saved[plan.slug]
        for network in (networks[slug] for slug in plan.networks):
            if not Membership.objects.filter(member=member, network=network).exists():
                add_membership(by=by, member=member, network=network)
    return list(saved.values())


# Columns the import sets as they are; the others are looked up or parsed first.
_PLAIN_IMPORT_COLUMNS = [
    c
    for c in IMPORT_COLUMNS
    if c
    not in {"slug", "themes", "languages", "municipality", "founded_year", "networks"}
]


@dataclass(frozen=True)
class _ImportedOrganisation:
    """One checked row of an organisations file: what it will write."""

    line: int
    slug: str
    cells: dict[str, str]
    themes: list[Theme]
    languages: list[Language]
    municipality: Municipality | None
    founded_year: int | None
    networks: list[str]


def _import_slug(cells: dict[str, str]) -> str:
    return cells.get("slug") or slugify(cells.get("name_fr", ""))[:180]


class _OrganisationRowCheck:
    """Check one row of an organisations file against what the site knows."""

    def __init__(self, table, existing: dict[str, Organisation]) -> None:
        from plaidoyer.places.selectors import municipality_finder

        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.find_municipality = municipality_finder()
        self.networks = set(existing) | {_import_slug(cells) for _l, cells in table}
        self.kinds = set(Organisation.Kind.values)
        self.seen: set[str] = set()

    def __call__(self, row) -> _ImportedOrganisation:
        from django.utils.translation import gettext as _

        slug = _import_slug(row.cells)
        self._check_identity(row, slug)
        themes = row.pick("themes", self.themes, _("Unknown theme “%(value)s”."))
        languages = row.pick(
            "languages", self.languages, _("Unknown language “%(value)s”.")
        )
        municipality = None
        if row["municipality"]:
            municipality = self.find_municipality(row["municipality"])
            if municipality is None:
                row.error(
                    "municipality",
                    _("Unknown municipality “%(value)s”.")
                    % {"value": row["municipality"]},
                )
        self._check_contact(row)
        return _ImportedOrganisation(
            line=row.line,
            slug=slug,
            cells=row.cells,
            themes=themes,
            languages=languages,
            municipality=municipality,
            founded_year=self._founded_year(row),
            networks=self._networks(row, slug),
        )

    def _check_identity(self, row, slug: str) -> None:
        from django.utils.translation import gettext as _

        if not row["name_fr"]:
            row.error("name_fr", _("A French name is required."))
        row.check_length("name_fr", Organisation)
        if row["kind"] not in self.kinds:
            row.error(
                "kind",
                _("Unknown kind “%(value)s”; use one of: %(choices)s.")
                % {"value": row["kind"], "choices": ", ".join(sorted(self.kinds))},
            )
        if row["slug"] and slugify(row["slug"]) != row["slug"]:
            row.error(
                "slug", _("A slug has only lower-case letters, digits and hyphens.")
            )
        if slug in self.seen:
            row.error("slug", _("This organisation appears twice in the file."))
        self.seen.add(slug)

    @staticmethod
    def _check_contact(row) -> None:
        from django.core.validators import EmailValidator, URLValidator
        from django.utils.translation import gettext as _

        if row["website"]:
            try:
                URLValidator(schemes=["http", "https"])(row["website"])
            except ValidationError:
                row.error(
                    "website",
                    _("Enter a web address starting with http:// or https://."),
                )
        if row["email"]:
            try:
                EmailValidator()(row["email"])
            except ValidationError:
                row.error("email", _("Enter a valid email address."))

    @staticmethod
    def _founded_year(row) -> int | None:
        from django.utils.translation import gettext as _

        if not row["founded_year"]:
            return None
        year = row["founded_year"]
        if not year.isdigit() or not 1800 <= int(year) <= 2100:
            row.error("founded_year", _("Enter a year between 1800 and 2100."))
            return None
        return int(year)

    def _networks(self, row, slug: str) -> list[str]:
        from django.utils.translation import gettext as _

        from plaidoyer.core.csvimport import split_cell

        networks = split_cell(row["networks"])
        for value in networks:
            if value == slug:
                row.error(
                    "networks", _("An organisation cannot be a member of itself.")
                )
            elif value not in self.networks:
                row.error(
                    "networks", _("Unknown network “%(value)s”.") % {"value": value}
                )
        return networks


def _save_imported_organisations(
    *, by, plans: list[_ImportedOrganisation], existing: dict[str, Organisation]
) -> dict[str, Organisation]:
    """Save every checked row; raise every error the models still find, at once."""
    from plaidoyer.core.csvimport import ImportRejected, RowError

    errors: list[RowError] = []
    saved: dict[str, Organisation] = {}
    for plan in plans:
        organisation = existing.get(plan.slug) or Organisation(slug=plan.slug)
        for column in _PLAIN_IMPORT_COLUMNS:
            if column in plan.cells:
                setattr(organisation, column, plan.cells[column])
        organisation.municipality = plan.municipality
        organisation.founded_year = plan.founded_year
        try:
            save_organisation(
                by=by,
                organisation=organisation,
                themes=plan.themes,
                languages=plan.languages,
            )
        except ValidationError as exc:
            for column, messages in exc.message_dict.items():
                errors += [RowError(plan.line, column, m) for m in messages]
        saved[plan.slug] = organisation
    if errors:
        raise ImportRejected(errors)
    return saved
