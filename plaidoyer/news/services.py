"""Every write to the public website: articles, resources, contact, newsletter."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core import audit, ratelimit
from plaidoyer.core.approval import (
    Approval,
    notify_proposer,
)
from plaidoyer.core.html import clean_html, clean_text
from plaidoyer.core.ratelimit import Limit
from plaidoyer.core.text import search_blob
from plaidoyer.core.versions import Version
from plaidoyer.organisations.models import Organisation, Theme
from plaidoyer.organisations.selectors import is_staff_of_trusted

from .models import (
    Article,
    Delivery,
    Newsletter,
    OptOut,
    PressOfficer,
    Resource,
    Subscriber,
)
from .permissions import can_edit_proposal, can_propose, can_publish

LANGS = [code for code, _n in settings.LANGUAGES]
RESOURCE_TYPES = (".pdf", ".odt", ".docx", ".ods", ".xlsx", ".odp", ".pptx", ".epub")
MAX_RESOURCE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_BYTES = 5 * 1024 * 1024
# What every write here makes stale: the home page, menus, articles, resources.
STALE = [Version.SITE]
ARTICLE_FIELDS = ["title_fr", "status", "publish_at"]


def refresh_article_search(article: Article) -> None:
    article.search_text = search_blob(
        *[getattr(article, f"title_{c}") or "" for c in LANGS],
        *[getattr(article, f"summary_{c}") or "" for c in LANGS],
        *[clean_text(getattr(article, f"body_{c}") or "") for c in LANGS],
        article.author,
    )[:40000]


@transaction.atomic
def save_article(
    *,
    by: User,
    article: Article,
    themes: Iterable[Theme] | None = None,
    now: datetime.datetime | None = None,
) -> Article:
    """Validate, sanitise and save an article (draft, scheduled or published)."""
    with audit.action(
        "news.save_article",
        by=by,
        allowed=can_publish(by),
        target=article,
        fields=ARTICLE_FIELDS,
        stored=True,
        versions=STALE,
    ):
        now = now or timezone.now()
        errors = article_errors(article, now)
        if errors:
            raise ValidationError(errors)
        if article.status == Article.Status.PUBLISHED and not article.publish_at:
            article.publish_at = now
        _sanitise(article)
        _save(article, themes)
    return article


def article_errors(article: Article, now: datetime.datetime | None = None) -> dict:
    """Return the publishing rules ``article`` breaks, by field (empty when fine)."""
    now = now or timezone.now()
    errors = {}
    if article.image and not (article.image_alt_fr or article.image_alt):
        errors["image_alt_fr"] = _("Describe the image for people who cannot see it.")
    if article.image and getattr(article.image, "size", 0) > MAX_IMAGE_BYTES:
        errors["image"] = _("The image is larger than 5 MB.")
    if article.approval != Approval.APPROVED and article.goes_public():
        errors["status"] = _(
            "This proposal is not approved: approve it from the proposals list "
            "to publish it."
        )
    if article.status != Article.Status.DRAFT and not _has_text(article):
        errors["summary_fr"] = _(
            "An article needs a summary or a body before it is published."
        )
    if article.status == Article.Status.SCHEDULED:
        if not article.publish_at:
            errors["publish_at"] = _("Choose when to publish.")
        elif article.publish_at <= now:
            errors["publish_at"] = _("A scheduled date must be in the future.")
    return errors


def _has_text(article: Article) -> bool:
    return any(
        clean_text(getattr(article, f"{field}_{code}") or "")
        for field in ("summary", "body")
        for code in LANGS
    )


def _sanitise(article: Article) -> None:
    for code in LANGS:
        body = getattr(article, f"body_{code}")
        if body:
            setattr(article, f"body_{code}", clean_html(body))
        for field in ("title", "summary", "image_alt"):
            value = getattr(article, f"{field}_{code}")
            if value:
                setattr(article, f"{field}_{code}", clean_text(value))


# Paths under /news/ and /resources/ that are pages, not items.
RESERVED_SLUGS = {"new", "create", "feed"}


def _save(article: Article, themes: Iterable[Theme] | None) -> None:
    if not article.slug:
        base = slugify(article.title_fr or article.title)[:180] or "article"
        slug, n = base, 2
        while (
            slug in RESERVED_SLUGS
            or Article.objects.filter(slug=slug).exclude(pk=article.pk).exists()
        ):
            slug, n = f"{base}-{n}", n + 1
        article.slug = slug
    refresh_article_search(article)
    article.full_clean(exclude=["image"])
    article.save()
    if themes is not None:
        article.themes.set(themes)


def publish_due(now: datetime.datetime | None = None) -> int:
    """Publish scheduled articles whose time has come (idempotent)."""
    now = now or timezone.now()
    with audit.action(
        "news.publish_scheduled",
        by=None,
        target_type="news.article",
        versions=STALE,
    ) as change:
        count = Article.objects.filter(
            status=Article.Status.SCHEDULED, publish_at__lte=now
        ).update(status=Article.Status.PUBLISHED)
        change.after = {"count": count}
        if not count:
            change.skip()
    return count


@transaction.atomic
def save_resource(
    *, by: User, resource: Resource, themes: Iterable[Theme] | None = None
) -> Resource:
    # The row holds no "before": the form changed the resource already.
    with audit.action(
        "news.save_resource",
        by=by,
        allowed=can_publish(by),
        fields=["title_fr", "kind", "file", "url"],
        versions=STALE,
    ) as change:
        _save_resource(resource, themes)
        change.target = resource
    return resource


def _save_resource(resource: Resource, themes: Iterable[Theme] | None) -> None:
    errors = {}
    if resource.file:
        name = (resource.file.name or "").lower()
        if not name.endswith(RESOURCE_TYPES):
            errors["file"] = _("Upload a PDF, ODT, DOCX or another office document.")
        elif getattr(resource.file, "size", 0) > MAX_RESOURCE_BYTES:
            errors["file"] = _("The file is larger than 20 MB.")
    elif not resource.url:
        errors["url"] = _("Give a file or a link.")
    if resource.approval != Approval.APPROVED and resource.is_published:
        errors["is_published"] = _(
            "This proposal is not approved: approve it from the proposals list "
            "to publish it."
        )
    if errors:
        raise ValidationError(errors)
    if not resource.slug:
        base = slugify(resource.title_fr or resource.title)[:180] or "resource"
        slug, n = base, 2
        while (
            slug in RESERVED_SLUGS
            or Resource.objects.filter(slug=slug).exclude(pk=resource.pk).exists()
        ):
            slug, n = f"{base}-{n}", n + 1
        resource.slug = slug
    resource.search_text = search_blob(
        *[getattr(resource, f"title_{c}") or "" for c in LANGS],
        *[getattr(resource, f"description_{c}") or "" for c in LANGS],
    )
    resource.full_clean(exclude=["file"])
    resource.save()
    if themes is not None:
        resource.themes.set(themes)


# --- Proposals of member organisations ------------------------------------------------


def _fill_default_language(item, fields: Iterable[str]) -> None:
    """A proposal written in Dutch only still has a text in the fallback language."""
    for field in fields:
        default = f"{field}_{settings.LANGUAGE_CODE}"
        if not getattr(item, default, ""):
            for code in LANGS:
                value = getattr(item, f"{field}_{code}", "")
                if value:
                    setattr(item, default, value)
                    break


def _submit(by: User, item: Article | Resource, organisation: Organisation) -> bool:
    """Set who proposed ``item`` for which organisation and whether it waits for a
    coordinator; return whether it is approved (then it may go public)."""
    if item.pk is None:
        item.proposed_by = by
    item.organisation = organisation
    if is_coordinator(by) or is_staff_of_trusted(by, [organisation.pk]):
        item.approval = Approval.APPROVED
        return True
    item.approval = Approval.PENDING
    item.refusal_reason = ""
    return False


@transaction.atomic
def propose_article(
    *,
    by: User,
    article: Article,
    organisation: Organisation,
    themes: Iterable[Theme] | None = None,
) -> Article:
    """Save sector news member staff write for their organisation: published at
    once for a trusted organisation, waiting for a coordinator otherwise."""
    with audit.action(
        "news.propose_article",
        by=by,
        allowed=can_propose(by, organisation)
        and (article.pk is None or can_edit_proposal(by, article)),
        target=article,
        fields=[*ARTICLE_FIELDS, "approval"],
        stored=True,
        versions=STALE,
    ) as change:
        _fill_default_language(article, ("title", "summary", "body"))
        approved = _submit(by, article, organisation)
        article.status = Article.Status.PUBLISHED if approved else Article.Status.DRAFT
        article.publish_at = timezone.now() if approved else None
        errors = article_errors(article)
        if not _has_text(article):
            errors["summary_fr"] = _(
                "An article needs a summary or a body before it is published."
            )
        if errors:
            raise ValidationError(errors)
        _sanitise(article)
        _save(article, themes)
        change.target = article
    return article


@transaction.atomic
def propose_resource(
    *,
    by: User,
    resource: Resource,
    organisation: Organisation,
    themes: Iterable[Theme] | None = None,
) -> Resource:
    """Save a resource member staff share for their organisation (as articles)."""
    with audit.action(
        "news.propose_resource",
        by=by,
        allowed=can_propose(by, organisation)
        and (resource.pk is None or can_edit_proposal(by, resource)),
        fields=["title_fr", "kind", "file", "url", "approval"],
        versions=STALE,
    ) as change:
        _fill_default_language(resource, ("title", "description"))
        resource.is_published = _submit(by, resource, organisation)
        for code in LANGS:
            title = getattr(resource, f"title_{code}")
            if title:
                setattr(resource, f"title_{code}", clean_text(title))
        _save_resource(resource, themes)
        change.target = resource
    return resource


MAX_REASON = 2000


def _review(
    by: User, item: Article | Resource, *, name: str, reason: str | None
) -> None:
    """Approve (``reason`` None) or refuse a proposal, and tell its proposer."""
    item = type(item)._default_manager.select_for_update().get(pk=item.pk)
    with audit.action(
        name,
        by=by,
        allowed=can_publish(by),
        target=item,
        fields=["approval", "refusal_reason"],
        versions=STALE,
    ):
        if reason is not None:
            reason = clean_text(reason)
            if not reason:
                raise ValidationError({"reason": _("Say why the proposal is refused.")})
            if len(reason) > MAX_REASON:
                raise ValidationError(
                    {
                        "reason": _("Keep the reason under %(n)s characters.")
                        % {"n": MAX_REASON}
                    }
                )
        if item.approval != Approval.PENDING:
            raise ValidationError(_("This proposal has already been reviewed."))
        item.approval = Approval.APPROVED if reason is None else Approval.REFUSED
        item.refusal_reason = reason or ""
        item.reviewed_at = timezone.now()
        fields = ["approval", "refusal_reason", "reviewed_at"]
        if isinstance(item, Article):
            if reason is None:
                item.status = Article.Status.PUBLISHED
                item.publish_at = item.reviewed_at
            fields += ["status", "publish_at"]
        else:
            item.is_published = reason is None
            fields += ["is_published"]
        item.save(update_fields=fields)
        if reason is None:
            url = item.get_absolute_url()
        else:
            kind = "article" if isinstance(item, Article) else "resource"
            url = reverse(f"news:{kind}_edit", kwargs={"slug": item.slug})
        notify_proposer(item, url=url)


@transaction.atomic
def approve_article(*, by: User, article: Article) -> None:
    _review(by, article, name="news.approve_article", reason=None)


@transaction.atomic
def refuse_article(*, by: User, article: Article, reason: str) -> None:
    _review(by, article, name="news.refuse_article", reason=reason)


@transaction.atomic
def approve_resource(*, by: User, resource: Resource) -> None:
    _review(by, resource, name="news.approve_resource", reason=None)


@transaction.atomic
def refuse_resource(*, by: User, resource: Resource, reason: str) -> None:
    _review(by, resource, name="news.refuse_resource", reason=reason)


def count_download(resource: Resource) -> None:
    Resource.objects.filter(pk=resource.pk).update(downloads=F("downloads") + 1)


# --- Contact ---------------------------------------------------------------------------

CONTACT_LIMIT = 3  # messages per IP and 10 minutes
# No model keeps a contact message: its limits live here, for the form too.
CONTACT_MAX_LENGTH = {"name": 150, "subject": 200, "message": 5000}
SUBSCRIBE_LIMIT = 5  # subscriptions per IP and hour


def send_contact_message(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    ip: str | None,
    language: str,
    organisation=None,
    honeypot: str = "",
    seconds_on_form: float | None = None,
) -> None:
    """Forward a visitor's message to the coordinators (or an organisation's public
    address, never shown) and confirm to the sender."""
    ratelimit.reject_bots(honeypot=honeypot, seconds_on_form=seconds_on_form)
    errors = {}
    limit = CONTACT_MAX_LENGTH
    if not name.strip() or len(name) > limit["name"]:
        errors["name"] = _("Enter your name (at most %(max)d characters).") % {
            "max": limit["name"]
        }
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Enter a valid email address.")
    if not subject.strip() or len(subject) > limit["subject"]:
        errors["subject"] = _("Write a subject (at most %(max)d characters).") % {
            "max": limit["subject"]
        }
    if not message.strip() or len(message) > limit["message"]:
        errors["message"] = _("Write a message of at most %(max)d characters.") % {
            "max": limit["message"]
        }
    if organisation is not None and not organisation.email:
        errors["__all__"] = _("This organisation has no public address.")
    if errors:
        raise ValidationError(errors)
    if ip:
        ratelimit.hit(Limit(f"contact:{ip}", CONTACT_LIMIT, 600))
    recipients = (
        [organisation.email] if organisation is not None else contact_recipients()
    )
    from .tasks import send_contact

    send_contact.enqueue(
        name=clean_text(name),
        email=email.strip(),
        subject=clean_text(subject),
        message=clean_text(message),
        recipients=recipients,
        language=language,
        organisation=organisation.name if organisation else "",
    )


def contact_recipients() -> list[str]:
    from plaidoyer.accounts.models import User

    configured = [
        e.strip()
        for e in (getattr(settings, "CONTACT_EMAILS", "") or "").split(",")
        if e.strip()
    ]
    return configured or list(
        User.objects.filter(is_coordinator=True, is_active=True).values_list(
            "email", flat=True
        )[:20]
    )


# --- Newsletter -------------------------------------------------------------------------


@transaction.atomic
def subscribe(*, email: str, language: str, themes=(), ip: str | None = None) -> None:
    """Ask to subscribe; the same answer whatever the address's state (no leak)."""
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": _("Enter a valid email address.")}) from None
    if ip:
        ratelimit.hit(Limit(f"subscribe:{ip}", SUBSCRIBE_LIMIT, 3600))
    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(
        email=email, defaults={"language": language if language in LANGS else "fr"}
    )
    if subscriber.confirmed_at is None:
        subscriber.language = language if language in LANGS else subscriber.language
        subscriber.save(update_fields=["language"])
        subscriber.themes.set(themes)
        from .tasks import send_subscription_confirmation

        transaction.on_commit(
            lambda: send_subscription_confirmation.enqueue(subscriber_id=subscriber.pk)
        )


def confirm_subscription(*, token: str) -> Subscriber | None:
    subscriber = Subscriber.objects.filter(token=token).first()
    if subscriber is not None and subscriber.confirmed_at is None:
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
        subscriber.refresh_from_db()
    return subscriber


@transaction.atomic
def unsubscribe(*, token: str) -> bool:
    """Unsubscribe the owner of ``token``: a subscriber's (erased), or a
    newsletter delivery's (the address leaves every newsletter segment)."""
    deleted, _rows = Subscriber.objects.filter(token=token).delete()
    if deleted:
        return True
    delivery = Delivery.objects.filter(token=token).only("email").first()
    if delivery is None:
        return False
    email = delivery.email
    OptOut.objects.get_or_create(email=email)
    Subscriber.objects.filter(email=email).delete()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.UNSUBSCRIBED)
    # Newsletters being sent to the address now stop short of it.
    Delivery.objects.filter(email=email, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.UNSUBSCRIBED
    )
    return True


def record_delivery_event(*, email: str, status: str) -> int:
    """The provider says the last newsletter sent to ``email`` bounced or drew a
    complaint (core.suppressions suppresses the address itself)."""
    last = (
        Delivery.objects.filter(
            email=email.strip().lower(), status=Delivery.Status.SENT
        )
        .order_by("-sent_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if last is None:
        return 0
    return Delivery.objects.filter(pk=last).update(status=status)


NEWSLETTER_FIELDS = [
    "subject_fr",
    "to_subscribers",
    "to_organisations",
    "to_press",
    "languages",
    "signers_of",
]


@transaction.atomic
def save_newsletter(
    *,
    by: User,
    newsletter: Newsletter,
    themes: Iterable[Theme] = (),
    articles: Iterable[Article] = (),
) -> Newsletter:
    """Create or change a draft newsletter and its segments."""
    if (
        newsletter.pk
        and not Newsletter.objects.filter(
            pk=newsletter.pk, status=Newsletter.Status.DRAFT
        ).exists()
    ):
        raise ValidationError(_("Only a draft can be changed."))
    errors = {}
    if not (newsletter.subject_fr or "").strip():
        errors["subject_fr"] = _("Write the subject in French at least.")
    if not (
        newsletter.to_subscribers
        or newsletter.signers_of_id
        or newsletter.to_organisations
        or newsletter.to_press
    ):
        errors["to_subscribers"] = _("Choose at least one group of recipients.")
    if set(newsletter.languages or []) - set(LANGS):
        errors["languages"] = _("Choose among the site's languages.")
    for lang in LANGS:
        setattr(
            newsletter,
            f"introduction_{lang}",
            clean_text(getattr(newsletter, f"introduction_{lang}") or ""),
        )
        setattr(
            newsletter,
            f"subject_{lang}",
            clean_text(getattr(newsletter, f"subject_{lang}") or "").strip(),
        )
    with audit.action(
        "news.save_newsletter",
        by=by,
        allowed=can_publish(by),
        target=newsletter,
        fields=NEWSLETTER_FIELDS,
        stored=True,
        versions=[Version.WORKSPACE],
    ):
        if errors:
            raise ValidationError(errors)
        newsletter.save()
        newsletter.themes.set(themes)
        newsletter.articles.set(articles)
    return newsletter


@transaction.atomic
def schedule_newsletter(
    *, by: User, newsletter: Newsletter, at: datetime.datetime
) -> Newsletter:
    """Send the draft at ``at`` (a worker starts it: news.tasks.send_newsletters)."""
    with audit.action(
        "news.schedule_newsletter",
        by=by,
        allowed=can_publish(by),
        target=newsletter,
        fields=["status", "scheduled_at"],
        versions=[Version.WORKSPACE],
    ):
        if at <= timezone.now():
            raise ValidationError({"scheduled_at": _("Choose a time in the future.")})
        updated = Newsletter.objects.filter(
            pk=newsletter.pk, status=Newsletter.Status.DRAFT
        ).update(status=Newsletter.Status.SCHEDULED, scheduled_at=at)
        if not updated:
            raise ValidationError(_("This newsletter was already sent."))
        newsletter.status, newsletter.scheduled_at = Newsletter.Status.SCHEDULED, at
    return newsletter


@transaction.atomic
def unschedule_newsletter(*, by: User, newsletter: Newsletter) -> Newsletter:
    """Back to draft, if the worker has not started it yet."""
    with audit.action(
        "news.unschedule_newsletter",
        by=by,
        allowed=can_publish(by),
        target=newsletter,
        fields=["status"],
        versions=[Version.WORKSPACE],
    ):
        updated = Newsletter.objects.filter(
            pk=newsletter.pk, status=Newsletter.Status.SCHEDULED
        ).update(status=Newsletter.Status.DRAFT, scheduled_at=None)
        if not updated:
            raise ValidationError(_("The sending has started already."))
        newsletter.status = Newsletter.Status.DRAFT
    return newsletter


@transaction.atomic
def send_newsletter(*, by: User, newsletter: Newsletter, test_to: str = "") -> None:
    """Send a test to one address, or queue the real sending (once)."""
    from .tasks import deliver_newsletter, send_newsletter_test

    with audit.action(
        "news.send_newsletter",
        by=by,
        allowed=can_publish(by),
        target=newsletter,
        versions=[Version.WORKSPACE],  # no longer a draft
    ) as change:
        if test_to:
            validate_email(test_to)
            transaction.on_commit(
                lambda: send_newsletter_test.enqueue(
                    newsletter_id=newsletter.pk, email=test_to, language=by.language
                )
            )
            change.skip()  # a test changes nothing
            return
        updated = Newsletter.objects.filter(
            pk=newsletter.pk,
            status__in=[Newsletter.Status.DRAFT, Newsletter.Status.SCHEDULED],
        ).update(status=Newsletter.Status.SENDING)
        if not updated:
            raise ValidationError(_("This newsletter was already sent."))
        change.after = {"status": "sending"}
    transaction.on_commit(
        lambda: deliver_newsletter.enqueue(newsletter_id=newsletter.pk)
    )


# --- Press contacts -----------------------------------------------------------------

PRESS_OFFICER_FIELDS = ["name", "role_fr", "theme", "email", "phone", "position"]


@transaction.atomic
def save_press_officer(
    *,
    by: User,
    officer: PressOfficer,
    languages: Iterable | None = None,
) -> PressOfficer:
    """Validate and save a press contact shown on the press page (new or changed)."""
    creating = officer.pk is None
    with audit.action(
        "news.create_press_officer" if creating else "news.update_press_officer",
        by=by,
        allowed=can_publish(by),
        target=officer,
        fields=PRESS_OFFICER_FIELDS,
        stored=True,
        versions=STALE,
    ) as change:
        for code in LANGS:
            role = getattr(officer, f"role_{code}")
            if role:
                setattr(officer, f"role_{code}", clean_text(role))
        officer.name = clean_text(officer.name or "")
        officer.phone = clean_text(officer.phone or "")
        try:
            officer.full_clean()
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        officer.save()
        if languages is not None:
            officer.languages.set(languages)
        change.target = officer
    return officer


@transaction.atomic
def delete_press_officer(*, by: User, officer: PressOfficer) -> None:
    with audit.action(
        "news.delete_press_officer",
        by=by,
        allowed=can_publish(by),
        target=officer,
        fields=["name", "theme"],
        versions=STALE,
    ):
        officer.delete()
