"""Every write to organisations, memberships, contacts and staff links."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.core import audit, versions
from plaidoyer.core.text import fold, search_blob
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
AUDITED_FIELDS = [*PROFILE_FIELDS, "slug", "is_published"]


DATA = "organisations"  # data version of everything the directory shows


def _record(**kwargs) -> None:
    audit.record(**kwargs)
    versions.bump(DATA)


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
    organisation.sort_name = fold(organisation.name_fr or organisation.name or "")[:200]


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
    by,
    organisation: Organisation,
    themes: list[Theme] | None = None,
    languages: list[Language] | None = None,
) -> Organisation:
    """Validate and save ``organisation`` (new or changed) with its themes and languages.

    Coordinators may create any organisation; staff may only change their own.
    """
    creating = organisation.pk is None
    if creating:
        if not can_manage_organisations(by):
            raise PermissionDenied
    elif not can_edit_organisation(by, organisation):
        raise PermissionDenied
    before = {}
    if not creating:
        stored = Organisation.objects.get(pk=organisation.pk)
        before = audit.snapshot(stored, AUDITED_FIELDS) | _snapshot_m2m(stored)
    if not organisation.slug:
        organisation.slug = unique_slug(organisation.name_fr or organisation.name or "")
    refresh_search_fields(organisation)
    organisation.full_clean(exclude=["logo"] if not organisation.logo else None)
    organisation.save()
    if not creating and stored.logo and stored.logo.name != organisation.logo.name:
        # The replaced or cleared logo is not kept anywhere once the change holds.
        transaction.on_commit(partial(stored.logo.storage.delete, stored.logo.name))
    if themes is not None:
        organisation.themes.set(themes)
    if languages is not None:
        organisation.languages.set(languages)
    after = audit.snapshot(organisation, AUDITED_FIELDS) | _snapshot_m2m(organisation)
    _record(
        by=by,
        action="organisations.create" if creating else "organisations.update",
        target=organisation,
        before=before if not creating else None,
        after=after,
    )
    return organisation


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
    by,
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
    *, by, organisation: Organisation, contacts: list[ContactChange]
) -> None:
    if not can_edit_organisation(by, organisation):
        raise PermissionDenied
    existing = {c.pk: c for c in organisation.contacts.all()}
    for position, change in enumerate(contacts):
        if change.id is not None and change.id not in existing:
            raise ValidationError("This contact belongs to another organisation.")
        contact = existing.get(change.id) if change.id else None
        if change.delete:
            if contact is not None:
                _record(
                    by=by,
                    action="organisations.delete_contact",
                    target=contact,
                    before=audit.snapshot(contact),
                )
                contact.delete()
            continue
        before = audit.snapshot(contact)
        contact = contact or Contact(organisation=organisation)
        contact.name = change.name
        contact.role = change.role
        contact.email = change.email
        contact.phone = change.phone
        contact.is_public = change.is_public
        contact.position = position
        contact.full_clean()
        contact.save()
        after = audit.snapshot(contact)
        if before != after:
            _record(
                by=by,
                action="organisations.save_contact",
                target=contact,
                before=before or None,
                after=after,
            )


@transaction.atomic
def add_membership(
    *, by, member: Organisation, network: Organisation, role: str = "member", since=None
) -> Membership:
    if not can_manage_organisations(by):
        raise PermissionDenied
    membership = Membership(member=member, network=network, role=role, since=since)
    membership.full_clean()
    membership.save()
    _record(
        by=by,
        action="organisations.add_membership",
        target=membership,
        after=audit.snapshot(membership),
    )
    return membership


@transaction.atomic
def save_membership(*, by, membership: Membership) -> Membership:
    if not can_manage_organisations(by):
        raise PermissionDenied
    before = {}
    if membership.pk:
        before = audit.snapshot(Membership.objects.get(pk=membership.pk))
    membership.full_clean()
    membership.save()
    _record(
        by=by,
        action="organisations.save_membership",
        target=membership,
        before=before or None,
        after=audit.snapshot(membership),
    )
    return membership


@transaction.atomic
def remove_membership(*, by, membership: Membership) -> None:
    if not can_manage_organisations(by):
        raise PermissionDenied
    _record(
        by=by,
        action="organisations.remove_membership",
        target=membership,
        before=audit.snapshot(membership),
    )
    membership.delete()


@transaction.atomic
def add_staff(
    *, by, organisation: Organisation, user, role: str = Staff.Role.EDITOR
) -> Staff:
    if not can_manage_organisations(by):
        raise PermissionDenied
    staff, _ = Staff.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    _record(
        by=by,
        action="organisations.add_staff",
        target=staff,
        after=audit.snapshot(staff),
    )
    return staff


@transaction.atomic
def remove_staff(*, by, staff: Staff) -> None:
    if not can_manage_organisations(by):
        raise PermissionDenied
    _record(
        by=by,
        action="organisations.remove_staff",
        target=staff,
        before=audit.snapshot(staff),
    )
    staff.delete()


@transaction.atomic
def delete_organisation(*, by, organisation: Organisation) -> None:
    if not can_manage_organisations(by):
        raise PermissionDenied
    _record(
        by=by,
        action="organisations.delete",
        target=organisation,
        before=audit.snapshot(organisation, AUDITED_FIELDS),
    )
    organisation.delete()


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
def import_organisations(*, by, data: bytes) -> list[Organisation]:
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
