"""Every write of the workspace: invitations, colleagues, account requests, and the
coordinator's daily tasks (pages, team members, campaigns and cases, label
decisions) done without /admin/.

The content writes live here rather than in ``news`` and ``campaigns``: they are the
workspace's screens, they need no app above them, and keeping them together leaves
those apps' own services (edited for member self-service at the same time) alone.
"""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.campaigns.models import Campaign, Case, LabelApplication
from plaidoyer.campaigns.services import decide_application
from plaidoyer.core import audit, ratelimit, versions
from plaidoyer.core.html import clean_html, clean_text
from plaidoyer.core.mail import send_email
from plaidoyer.core.ratelimit import Limit
from plaidoyer.core.versions import Version
from plaidoyer.news.models import Page, TeamMember
from plaidoyer.organisations.models import Organisation, Staff
from plaidoyer.organisations.services import save_organisation
from plaidoyer.places.models import Municipality

from .models import AccountRequest, Invitation, token_digest
from .permissions import can_manage_colleagues, can_run_site

INVITATION_DAYS = 14
INVITATION_LIMIT = 20  # invitations per organisation and day, coordinators aside
REQUEST_LIMIT = 3  # account requests per IP and hour
LANGS = [code for code, _name in settings.LANGUAGES]
MAX = {"name": 150, "organisation_name": 200, "role": 150, "message": 5000}
REASON_MAX = 2000


def _url(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def _language(value: str) -> str:
    return value if value in LANGS else settings.LANGUAGE_CODE


# --- Invitations and colleagues ---------------------------------------------------


@transaction.atomic
def invite_colleague(
    *,
    by: User,
    organisation: Organisation,
    email: str,
    language: str,
    role: str = Staff.Role.EDITOR,
) -> Invitation:
    """Email a one-time link that makes its holder staff of ``organisation``."""
    email = (email or "").strip().lower()
    with audit.action(
        "workspace.invite",
        by=by,
        allowed=can_manage_colleagues(by, organisation),
        target=organisation,
        versions=[Version.WORKSPACE],
    ) as change:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"email": _("Enter a valid email address.")}
            ) from None
        if role not in Staff.Role.values:
            raise ValidationError({"role": _("Choose a role from the list.")})
        if Staff.objects.filter(
            organisation=organisation, user__email__iexact=email
        ).exists():
            raise ValidationError(
                {"email": _("This person is already a member of the staff.")}
            )
        if not can_run_site(by):  # staff cannot turn the form into a mailer
            ratelimit.hit(
                Limit(f"invite:{organisation.pk}", INVITATION_LIMIT, 24 * 3600)
            )
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            organisation=organisation,
            email=email,
            role=role,
            language=_language(language),
            token_hash=token_digest(token),
            invited_by=by,
            expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
        )
        change.after = {"invitation": invitation.pk, "role": role}
    inviter = str(by)
    transaction.on_commit(
        lambda: send_email(
            to=email,
            template="workspace/email/invitation",
            context=lambda: {
                "organisation": organisation.name,
                "inviter": inviter,
                "url": _url("workspace:invitation", token=token),
                "days": INVITATION_DAYS,
            },
            language=invitation.language,
            key=f"workspace.invitation:{invitation.pk}",
        )
    )
    return invitation


@transaction.atomic
def revoke_invitation(*, by: User, invitation: Invitation) -> Invitation:
    with audit.action(
        "workspace.revoke_invitation",
        by=by,
        allowed=can_manage_colleagues(by, invitation.organisation),
        target=invitation.organisation,
        versions=[Version.WORKSPACE],
    ) as change:
        if invitation.accepted_at or invitation.revoked_at:
            raise ValidationError(_("This invitation is no longer open."))
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        change.after = {"invitation": invitation.pk, "revoked": True}
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation ``token`` opens, or None."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    return invitation if invitation and invitation.is_usable else None


@transaction.atomic
def accept_invitation(
    *, token: str, full_name: str, password: str, language: str
) -> User:
    """Create (or update) the invitee's account and make it staff, once."""
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token_hash=token_digest(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        raise PermissionDenied
    errors: dict[str, str | list[str]] = {}
    full_name = clean_text(full_name or "").strip()
    if not full_name or len(full_name) > MAX["name"]:
        errors["full_name"] = _("Enter your name (at most %(max)d characters).") % {
            "max": MAX["name"]
        }
    if language not in LANGS:
        errors["language"] = _("Choose a language from the list.")
    user = User.objects.filter(email__iexact=invitation.email).first()
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    if user is None:
        user = User.objects.create_user(
            email=invitation.email,
            password=password,
            full_name=full_name,
            language=language,
        )
    else:
        user.full_name, user.language = full_name, language
        user.set_password(password)
        user.save(update_fields=["full_name", "language", "password"])
    with audit.action(
        "workspace.accept_invitation",
        by=user,
        target=invitation.organisation,
        versions=[Version.WORKSPACE],
    ) as change:
        Staff.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"role": invitation.role},
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        change.after = {"invitation": invitation.pk, "user": user.pk}
    return user


@transaction.atomic
def remove_colleague(*, by: User, staff: Staff) -> None:
    """End ``staff``'s link to its organisation; the last one cannot leave alone."""
    organisation = staff.organisation
    with audit.action(
        "workspace.remove_colleague",
        by=by,
        allowed=can_manage_colleagues(by, organisation),
        target=organisation,
        versions=[Version.WORKSPACE],
    ) as change:
        # Lock the organisation's staff so that two removals cannot both pass.
        others = list(
            Staff.objects.select_for_update()
            .filter(organisation=organisation)
            .exclude(pk=staff.pk)
            .values_list("pk", flat=True)
        )
        if staff.user_id == by.pk and not others:
            raise ValidationError(
                _("You are the last staff member: invite someone before you leave.")
            )
        change.after = {"removed_user": staff.user_id}
        staff.delete()


# --- Account requests -------------------------------------------------------------


@transaction.atomic
def request_account(
    *,
    name: str,
    email: str,
    kind: str,
    organisation_name: str,
    municipality: Municipality | None,
    role: str,
    message: str,
    language: str,
    ip: str | None,
    honeypot: str = "",
    seconds_on_form: float | None = None,
) -> AccountRequest:
    """A municipality, university or school asks for an account (public form)."""
    ratelimit.reject_bots(honeypot=honeypot, seconds_on_form=seconds_on_form)
    errors: dict[str, str] = {}
    values = {
        "name": clean_text(name or "").strip(),
        "organisation_name": clean_text(organisation_name or "").strip(),
        "role": clean_text(role or "").strip(),
        "message": clean_text(message or "").strip(),
    }
    for key in ("name", "organisation_name"):
        if not values[key]:
            errors[key] = _("This field is required.")
    for key, value in values.items():
        if len(value) > MAX[key]:
            errors[key] = _("At most %(max)d characters.") % {"max": MAX[key]}
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    if kind not in AccountRequest.Kind.values:
        errors["kind"] = _("Choose from the list.")
    if errors:
        raise ValidationError(errors)
    if ip:
        ratelimit.hit(
            Limit(f"account-request:{ratelimit.digest(ip)}", REQUEST_LIMIT, 3600)
        )
    account_request = AccountRequest.objects.create(
        email=email,
        kind=kind,
        municipality=municipality,
        language=_language(language),
        **values,
    )
    audit.record(by=None, action="workspace.request_account", target=account_request)
    versions.bump(Version.WORKSPACE)  # the coordinators' dashboard counts it
    return account_request


def _organisation_for(account_request: AccountRequest) -> Organisation:
    """The organisation the request speaks for: an existing one of the same kind and
    name (or municipality), else a new unpublished profile."""
    existing = Organisation.objects.filter(kind=account_request.kind)
    if account_request.kind == AccountRequest.Kind.MUNICIPALITY and (
        account_request.municipality_id
    ):
        match = existing.filter(municipality=account_request.municipality).first()
    else:
        match = existing.filter(name__iexact=account_request.organisation_name).first()
    return match or Organisation(
        name_fr=account_request.organisation_name,
        kind=account_request.kind,
        municipality=account_request.municipality,
        is_published=False,
    )


@transaction.atomic
def approve_account_request(
    *, by: User, account_request: AccountRequest, organisation: Organisation | None
) -> Invitation:
    """Create or link the organisation and invite the person as its staff."""
    with audit.action(
        "workspace.approve_account_request",
        by=by,
        allowed=can_run_site(by),
        target=account_request,
        fields=["status", "organisation"],
        versions=[Version.WORKSPACE],
    ):
        locked = AccountRequest.objects.select_for_update().get(pk=account_request.pk)
        if locked.status != AccountRequest.Status.PENDING:
            raise ValidationError(_("This request was already decided."))
        organisation = organisation or _organisation_for(account_request)
        if organisation.pk is None:
            organisation = save_organisation(by=by, organisation=organisation)
        account_request.status = AccountRequest.Status.APPROVED
        account_request.organisation = organisation
        account_request.decided_by = by
        account_request.decided_at = timezone.now()
        account_request.save()
    return invite_colleague(
        by=by,
        organisation=organisation,
        email=account_request.email,
        language=account_request.language,
        role=Staff.Role.MANAGER,
    )


@transaction.atomic
def refuse_account_request(
    *, by: User, account_request: AccountRequest, reason: str
) -> AccountRequest:
    """Refuse with a reason, which is emailed to the person."""
    reason = clean_text(reason or "").strip()
    with audit.action(
        "workspace.refuse_account_request",
        by=by,
        allowed=can_run_site(by),
        target=account_request,
        fields=["status", "reason"],
        versions=[Version.WORKSPACE],
    ):
        if not reason or len(reason) > REASON_MAX:
            raise ValidationError(
                {
                    "reason": _("Give a reason (at most %(max)d characters).")
                    % {"max": REASON_MAX}
                }
            )
        locked = AccountRequest.objects.select_for_update().get(pk=account_request.pk)
        if locked.status != AccountRequest.Status.PENDING:
            raise ValidationError(_("This request was already decided."))
        account_request.status = AccountRequest.Status.REFUSED
        account_request.reason = reason
        account_request.decided_by = by
        account_request.decided_at = timezone.now()
        account_request.save()
    transaction.on_commit(
        lambda: send_email(
            to=account_request.email,
            template="workspace/email/account_refused",
            context={
                "organisation": account_request.organisation_name,
                "reason": reason,
            },
            language=account_request.language,
            key=f"workspace.account_refused:{account_request.pk}",
        )
    )
    return account_request


# --- Pages, team members, campaigns and cases -------------------------------------


def _unique_slug(model, value: str, *, pk: int | None, extra=None) -> str:
    base = slugify(value)[:90] or "item"
    qs = model.objects.exclude(pk=pk) if pk else model.objects.all()
    if extra:
        qs = qs.filter(**extra)
    slug, n = base, 2
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _full_clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None


@transaction.atomic
def save_page(*, by: User, page: Page) -> Page:
    """Validate, sanitise and save a page of the site (new or changed)."""
    creating = page.pk is None
    with audit.action(
        "workspace.create_page" if creating else "workspace.update_page",
        by=by,
        allowed=can_run_site(by),
        target=page,
        fields=["title", "slug", "parent", "in_menu", "in_footer", "is_published"],
        stored=True,
        versions=[Version.SITE],
    ) as change:
        if page.parent_id and page.parent_id == page.pk:
            raise ValidationError({"parent": _("A page cannot be its own parent.")})
        if not page.slug:
            page.slug = _unique_slug(Page, page.title or "", pk=page.pk)
        for code in LANGS:
            body = getattr(page, f"body_{code}", None)
            if body:
                setattr(page, f"body_{code}", clean_html(body))
        _full_clean(page)
        page.save()
        change.target = page
    return page


@transaction.atomic
def save_team_member(*, by: User, member: TeamMember) -> TeamMember:
    creating = member.pk is None
    with audit.action(
        "workspace.create_team_member" if creating else "workspace.update_team_member",
        by=by,
        allowed=can_run_site(by),
        target=member,
        fields=["name", "role", "page", "position"],
        stored=True,
        versions=[Version.SITE],
    ) as change:
        _full_clean(member)
        member.save()
        change.target = member
    return member


@transaction.atomic
def delete_team_member(*, by: User, member: TeamMember) -> None:
    with audit.action(
        "workspace.delete_team_member",
        by=by,
        allowed=can_run_site(by),
        target=member,
        fields=["name", "page"],
        versions=[Version.SITE],
    ):
        member.delete()


@transaction.atomic
def save_campaign(*, by: User, campaign: Campaign) -> Campaign:
    """Save a campaign's settings (dates, what it collects, goal, publication)."""
    with audit.action(
        "workspace.update_campaign",
        by=by,
        allowed=can_run_site(by),
        target=campaign,
        fields=[
            "title",
            "opens_at",
            "closes_at",
            "collects_letters",
            "collects_signatures",
            "collects_drawings",
            "goal",
            "is_published",
        ],
        stored=True,
        versions=[Version.CAMPAIGNS, Version.SITE],
    ):
        for code in LANGS:
            text = getattr(campaign, f"description_{code}", None)
            if text:
                setattr(campaign, f"description_{code}", clean_html(text))
        _full_clean(campaign)
        if campaign.closes_at <= campaign.opens_at:
            raise ValidationError({"closes_at": _("A campaign closes after it opens.")})
        campaign.save()
    return campaign


@transaction.atomic
def save_case(*, by: User, case: Case) -> Case:
    """Save one campaign case (a person or a story letters are written for)."""
    creating = case.pk is None
    with audit.action(
        "workspace.create_case" if creating else "workspace.update_case",
        by=by,
        allowed=can_run_site(by),
        target=case,
        fields=["name", "slug", "country", "position"],
        stored=True,
        versions=[Version.CAMPAIGNS],
    ) as change:
        if not case.slug:
            case.slug = _unique_slug(
                Case, case.name or "", pk=case.pk, extra={"campaign": case.campaign}
            )
        for code in LANGS:
            story = getattr(case, f"story_{code}", None)
            if story:
                setattr(case, f"story_{code}", clean_html(story))
        if case.photo and not (case.photo_alt_fr or case.photo_alt):
            raise ValidationError(
                {"photo_alt_fr": _("Describe the photo for people who cannot see it.")}
            )
        _full_clean(case)
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError:
            raise ValidationError(
                {"slug": _("Another case of this campaign has this address.")}
            ) from None
        change.target = case
    return case


# --- Label decisions --------------------------------------------------------------


def _labelled_before(application: LabelApplication) -> bool:
    return LabelApplication.objects.filter(
        programme=application.programme,
        municipality=application.municipality,
        organisation=application.organisation,
        year__lt=application.year,
        status__in=[
            LabelApplication.Status.AWARDED,
            LabelApplication.Status.RENEWED,
        ],
    ).exists()


@transaction.atomic
def accept_label(*, by: User, application: LabelApplication) -> LabelApplication:
    """Award (or renew) a label: the evidence given is taken as validated."""
    if not can_run_site(by):
        raise PermissionDenied
    with audit.action(
        "workspace.validate_evidence", by=by, allowed=True, target=application
    ) as change:
        validated = application.evidence.exclude(text="", url="").update(validated=True)
        change.after = {"validated": validated}
    status = (
        LabelApplication.Status.RENEWED
        if _labelled_before(application)
        else LabelApplication.Status.AWARDED
    )
    return decide_application(by=by, application=application, status=status)


@transaction.atomic
def refuse_label(
    *, by: User, application: LabelApplication, reason: str
) -> LabelApplication:
    """Refuse (withdraw) an application; the reason goes to the holder's staff."""
    reason = clean_text(reason or "").strip()
    if not can_run_site(by):
        raise PermissionDenied
    if not reason or len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": _("Give a reason (at most %(max)d characters).")
                % {"max": REASON_MAX}
            }
        )
    decide_application(
        by=by, application=application, status=LabelApplication.Status.WITHDRAWN
    )
    audit.record(
        by=by,
        action="workspace.refuse_label",
        target=application,
        after={"reason": reason},
    )
    if application.municipality_id:
        holder = Q(
            organisation__kind=Organisation.Kind.MUNICIPALITY,
            organisation__municipality_id=application.municipality_id,
        )
    else:
        holder = Q(organisation_id=application.organisation_id)
    holders = Staff.objects.filter(holder).select_related("user")
    recipients = [(s.user.pk, s.user.email, s.user.language) for s in holders]

    def tell() -> None:
        for pk, email, language in recipients:
            send_email(
                to=email,
                template="workspace/email/label_refused",
                context=lambda: {
                    "programme": str(application.programme),
                    "year": application.year,
                    "reason": reason,
                },
                language=language,
                key=f"workspace.label_refused:{application.pk}:{pk}",
            )

    transaction.on_commit(tell)
    return application
