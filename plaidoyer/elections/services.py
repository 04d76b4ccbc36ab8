"""Every write of the elections app: imports, answer links, answers, the result."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from plaidoyer.accounts.models import User
from plaidoyer.commitments import services as commitment_services
from plaidoyer.commitments.models import Authority, Commitment, Recommendation, Status
from plaidoyer.core import audit
from plaidoyer.core.csvimport import Row, check_rows, read_table
from plaidoyer.core.mail import send_email
from plaidoyer.core.models import model_max_length
from plaidoyer.core.versions import Version

from .models import (
    Candidate,
    Constituency,
    Election,
    Party,
    Pledge,
    PledgeCampaign,
    PledgeLink,
)
from .permissions import can_manage_elections

LINK_SALT = "plaidoyer.elections.pledge-link"
# A link still opens this long after the deadline: the respondent then reads that
# answers are closed (and sees what they sent) rather than a dead link.
LINK_GRACE = datetime.timedelta(days=30)
MAX_COMMENT_CHARS = 2000
LANGS = [code for code, _name in settings.LANGUAGES]


# --- Links ------------------------------------------------------------------------


def link_token(link: PledgeLink) -> str:
    return signing.Signer(salt=LINK_SALT).sign(f"{link.pk}.{link.key}")


def link_for_token(token: str) -> PledgeLink | None:
    """The link a token names, None if forged, cut short, replaced or revoked, or
    expired. A token whose signature holds but whose key is not the link's current
    one (an older link) names nothing."""
    try:
        value = signing.Signer(salt=LINK_SALT).unsign(str(token)[:200])
    except signing.BadSignature:
        return None
    pk, _sep, key = value.partition(".")
    if not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
        return None
    link = (
        PledgeLink.objects.select_related(
            "campaign__election", "party", "candidate__party"
        )
        .filter(pk=int(pk))
        .first()
    )
    if link is None or not constant_time_compare(link.key, key):
        return None
    return link if link.is_usable() else None


def link_url(link: PledgeLink) -> str:
    """The absolute address of ``link``, in the active language."""
    return settings.SITE_URL + reverse(
        "elections:answer", kwargs={"token": link_token(link)}
    )


def _respondents(campaign: PledgeCampaign) -> list[Party | Candidate]:
    election = campaign.election
    return [
        *Party.objects.filter(election=election).exclude(email=""),
        *Candidate.objects.filter(election=election).exclude(email=""),
    ]


@transaction.atomic
def send_links(*, by: User, campaign: PledgeCampaign) -> list[PledgeLink]:
    """Email a new answer link to every party and candidate with an address and
    no usable link yet, in their language. Return the new links."""
    if not can_manage_elections(by):
        raise PermissionDenied
    now = timezone.now()
    if now >= campaign.deadline:
        raise ValidationError(_("The deadline of this campaign has passed."))
    usable = PledgeLink.objects.filter(
        campaign=campaign, revoked_at=None, expires_at__gt=now
    )
    has_link = {("party", pk) for pk in usable.values_list("party_id", flat=True)} | {
        ("candidate", pk) for pk in usable.values_list("candidate_id", flat=True)
    }
    created = []
    for respondent in _respondents(campaign):
        kind = "party" if isinstance(respondent, Party) else "candidate"
        if (kind, respondent.pk) in has_link:
            continue
        with audit.action(
            "elections.send_link", by=by, versions=[Version.ELECTIONS]
        ) as change:
            link = PledgeLink.objects.create(
                campaign=campaign,
                expires_at=campaign.deadline + LINK_GRACE,
                sent_at=now,
                **{kind: respondent},
            )
            change.target = link
            change.after = {"respondent": str(respondent), "kind": kind}
        _email_link(link, respondent)
        created.append(link)
    return created


def _email_link(link: PledgeLink, respondent: Party | Candidate) -> None:
    campaign = link.campaign

    def context() -> dict:
        return {
            "respondent": respondent,
            "campaign": campaign,
            "election": campaign.election,
            "deadline": date_format(
                timezone.localtime(campaign.deadline), "DATETIME_FORMAT"
            ),
            "url": link_url(link),
            "count": campaign.recommendations.count(),
        }

    send_email(
        to=respondent.email,
        template="elections/email/pledge_link",
        context=context,
        language=respondent.language,
        key=f"elections.pledge-link.{link.pk}",
    )


@transaction.atomic
def revoke_link(*, by: User, link: PledgeLink) -> PledgeLink:
    """Make ``link`` do nothing from now on (answers already given stay)."""
    with audit.action(
        "elections.revoke_link",
        by=by,
        allowed=can_manage_elections(by),
        target=link,
        fields=["revoked_at"],
        versions=[Version.ELECTIONS],
    ) as change:
        if link.revoked_at is not None:
            change.skip()
            return link
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


# --- Answers ----------------------------------------------------------------------


@transaction.atomic
def answer_pledges(
    *,
    link: PledgeLink,
    answers: dict[int, tuple[str, str]],
    now: datetime.datetime | None = None,
) -> list[Pledge]:
    """Record the answers of ``link``'s party or candidate: ``answers`` maps a
    recommendation id of the campaign to (answer, comment); an empty answer leaves
    that recommendation unanswered. Each changed answer gets the time it was
    given; one sent again unchanged keeps its time (a replayed form changes
    nothing)."""
    now = now or timezone.now()
    link = PledgeLink.objects.select_for_update().get(pk=link.pk)
    campaign = link.campaign
    if not link.is_usable(now):
        raise PermissionDenied
    if now >= campaign.deadline:
        raise ValidationError(
            _(
                "Answers closed on %(deadline)s: this answer was not recorded. "
                "Write to the coalition if you want to tell it something."
            )
            % {
                "deadline": date_format(
                    timezone.localtime(campaign.deadline), "DATETIME_FORMAT"
                )
            }
        )
    allowed = set(campaign.recommendations.values_list("id", flat=True))
    chosen = {
        pk: (answer, comment.strip())
        for pk, (answer, comment) in answers.items()
        if pk in allowed and answer
    }
    if not chosen:
        raise ValidationError(_("Answer at least one recommendation."))
    for answer, comment in chosen.values():
        if answer not in Pledge.Answer.values:
            raise ValidationError(_("Choose yes, partly or no."))
        if len(comment) > MAX_COMMENT_CHARS:
            raise ValidationError(
                _("A comment has at most %(max)d characters.")
                % {"max": MAX_COMMENT_CHARS}
            )
    who = {"party": link.party} if link.party_id else {"candidate": link.candidate}
    existing = {
        p.recommendation_id: p for p in Pledge.objects.filter(campaign=campaign, **who)
    }
    saved = []
    with audit.action(
        "elections.answer_pledges",
        # No account: the log names who answered through which link.
        by=f"{link.respondent} (link {link.pk})",
        target=link,
        versions=[Version.ELECTIONS],
    ) as change:
        before, after = {}, {}
        for pk, (answer, comment) in chosen.items():
            pledge = existing.get(pk)
            if pledge is not None and (pledge.answer, pledge.comment) == (
                answer,
                comment,
            ):
                continue
            if pledge is None:
                pledge = Pledge(campaign=campaign, recommendation_id=pk, **who)
            else:
                before[str(pk)] = [pledge.answer, pledge.comment]
            pledge.answer, pledge.comment = answer, comment
            pledge.answered_at, pledge.link = now, link
            pledge.save()
            after[str(pk)] = [answer, comment]
            saved.append(pledge)
        if not saved:
            change.skip()
        change.before, change.after = before, after
    return saved


# --- Imports ----------------------------------------------------------------------

PARTY_COLUMNS = ["slug", "name", "email", "language", "position"]
CANDIDATE_COLUMNS = [
    "slug",
    "name",
    "party",
    "constituency",
    "email",
    "language",
    "position",
]


def _check_common(row: Row, model: type, seen: set[str]) -> str:
    """Check the cells parties and candidates share; return the row's code."""
    slug = row["slug"] or slugify(row["name"])[:100]
    if not row["name"]:
        row.error("name", _("A name is required."))
    elif not slug or slug != slugify(slug):
        row.error("slug", _("Give a code made of letters, digits and hyphens."))
    elif slug in seen:
        row.error("slug", _("This code is already used on another line."))
    seen.add(slug)
    for column in ("name", "email"):
        row.check_length(column, model)
    row.check_length("slug", model)
    if row["email"]:
        try:
            EmailValidator()(row["email"])
        except ValidationError:
            row.error("email", _("Not a valid email address."))
    if row["language"] and row["language"] not in LANGS:
        row.error(
            "language",
            _("The language is one of: %(codes)s.") % {"codes": ", ".join(LANGS)},
        )
    if row["position"] and not (
        row["position"].isascii()
        and row["position"].isdigit()
        and int(row["position"]) < 10000
    ):
        row.error("position", _("A whole number below 10000."))
    return slug


@dataclass(frozen=True)
class _Planned:
    slug: str
    values: dict


def _common_values(row: Row) -> dict:
    return {
        "name": row["name"],
        "email": row["email"],
        "language": row["language"] or "fr",
        "position": int(row["position"] or 0),
    }


def _save_plans(
    *,
    by: User,
    election: Election,
    model: type[Party] | type[Candidate],
    plans: list[_Planned],
    name: str,
) -> list:
    """Create or update (matched on code) the rows ``plans`` describe."""
    existing = {o.slug: o for o in model.objects.filter(election=election)}
    saved = []
    for plan in plans:
        obj = existing.get(plan.slug) or model(election=election, slug=plan.slug)
        with audit.action(
            name,
            by=by,
            target=obj if obj.pk else None,
            fields=[*plan.values, "slug"],
            versions=[Version.ELECTIONS],
            only_if_changed=True,
        ) as change:
            for field, value in plan.values.items():
                setattr(obj, field, value)
            obj.save()
            change.target = obj
        saved.append(obj)
    return saved


def _importing(by: User, election: Election, data: bytes, **columns) -> list:
    if not can_manage_elections(by):
        raise PermissionDenied
    return read_table(data, **columns)


@transaction.atomic
def import_parties(*, by: User, election: Election, data: bytes) -> list[Party]:
    """Create or update the parties of ``election`` from CSV (matched on ``slug``,
    made from the name when empty). On any bad row nothing is written and every
    error is raised with its line (ImportRejected)."""
    table = _importing(by, election, data, required=["name"], known=PARTY_COLUMNS)
    seen: set[str] = set()

    def check(row: Row) -> _Planned:
        slug = _check_common(row, Party, seen)
        return _Planned(slug, _common_values(row) if not row.errors else {})

    plans = check_rows(table, check)
    return _save_plans(
        by=by,
        election=election,
        model=Party,
        plans=plans,
        name="elections.import_party",
    )


@transaction.atomic
def import_candidates(*, by: User, election: Election, data: bytes) -> list[Candidate]:
    """Create or update the candidates of ``election`` from CSV: ``party`` is a
    party's code, ``constituency`` a constituency's code or name (both of this
    election). Nothing is written when any row is bad (ImportRejected)."""
    table = _importing(by, election, data, required=["name"], known=CANDIDATE_COLUMNS)
    parties = {p.slug: p for p in Party.objects.filter(election=election)}
    constituencies: dict[str, Constituency] = {}
    for c in Constituency.objects.filter(election=election):
        constituencies[c.slug] = c
        for lang in LANGS:
            name = getattr(c, f"name_{lang}", "") or ""
            if name:
                constituencies.setdefault(name.casefold(), c)
    seen: set[str] = set()

    def check(row: Row) -> _Planned:
        slug = _check_common(row, Candidate, seen)
        party = parties.get(row["party"]) if row["party"] else None
        if row["party"] and party is None:
            row.error(
                "party",
                _("No party of this election has the code “%(value)s”.")
                % {"value": row["party"][:100]},
            )
        cell = row["constituency"]
        constituency = (
            constituencies.get(cell) or constituencies.get(cell.casefold())
            if cell
            else None
        )
        if cell and constituency is None:
            row.error(
                "constituency",
                _("This election has no constituency “%(value)s”.")
                % {"value": cell[:100]},
            )
        if row.errors:
            return _Planned(slug, {})
        return _Planned(
            slug,
            _common_values(row) | {"party": party, "constituency": constituency},
        )

    plans = check_rows(table, check)
    return _save_plans(
        by=by,
        election=election,
        model=Candidate,
        plans=plans,
        name="elections.import_candidate",
    )


# --- After the election -----------------------------------------------------------


@transaction.atomic
def record_result(
    *,
    by: User,
    election: Election,
    majority: list[Party],
    government: Authority,
) -> list[Commitment]:
    """Record the parties of the new majority and the new government, then turn
    the majority's pledges (yes or partly) into commitments of that government
    (pledges_to_commitments). Return the commitments created now."""
    if not can_manage_elections(by):
        raise PermissionDenied
    if any(p.election_id != election.pk for p in majority):
        raise ValidationError(_("Choose parties of this election."))
    if not majority:
        raise ValidationError({"majority": _("Choose the parties of the majority.")})
    chosen = {p.pk for p in majority}
    with audit.action(
        "elections.record_result",
        by=by,
        allowed=can_manage_elections(by),
        target=election,
        fields=["government"],
        versions=[Version.ELECTIONS],
    ) as change:
        election.government = government
        election.save(update_fields=["government"])
        parties = Party.objects.filter(election=election)
        before = sorted(parties.filter(in_majority=True).values_list("pk", flat=True))
        parties.filter(pk__in=chosen).update(in_majority=True)
        parties.exclude(pk__in=chosen).update(in_majority=False)
        change.before = (change.before or {}) | {"majority": before}
        change.after = {"government": government.pk, "majority": sorted(chosen)}
    created = []
    for campaign in election.campaigns.all():
        created += pledges_to_commitments(by=by, campaign=campaign)
    return created


def _commitment_titles(recommendation: Recommendation) -> dict[str, str]:
    limit = model_max_length(Commitment, "title")
    return {
        f"title_{lang}": (getattr(recommendation, f"title_{lang}", "") or "")[:limit]
        for lang in LANGS
    }


@transaction.atomic
def pledges_to_commitments(*, by: User, campaign: PledgeCampaign) -> list[Commitment]:
    """Make each recommendation the majority's parties pledged (yes or partly) a
    commitment of the election's government, linked to those pledges.

    Idempotent: a recommendation that already has a commitment from this campaign
    gets no second one; a pledge already linked stays as it is.
    """
    if not can_manage_elections(by):
        raise PermissionDenied
    election = campaign.election
    government = election.government
    if government is None:
        raise ValidationError(_("Record the new government first."))
    pledges = (
        Pledge.objects.select_for_update()
        .filter(
            campaign=campaign,
            party__in_majority=True,
            answer__in=[Pledge.Answer.YES, Pledge.Answer.PARTLY],
        )
        .select_related("recommendation", "party")
        .order_by("recommendation__sort_key", "party__position", "id")
    )
    by_recommendation: dict[int, list[Pledge]] = {}
    for pledge in pledges:
        by_recommendation.setdefault(pledge.recommendation_id, []).append(pledge)
    linked = dict(
        Pledge.objects.filter(
            campaign=campaign,
            commitment__isnull=False,
            commitment__authority=government,
        ).values_list("recommendation_id", "commitment_id")
    )
    created: list[Commitment] = []
    today = timezone.localdate()
    for recommendation_id, group in by_recommendation.items():
        recommendation = group[0].recommendation
        commitment_id = linked.get(recommendation_id)
        if commitment_id is None:
            commitment = commitment_services.create_commitment(
                by=by,
                authority=government,
                recommendations=[recommendation],
                title=recommendation.title[: model_max_length(Commitment, "title")],
                committed_on=today,
                status=Status.ANNOUNCED,
                description=_pledge_description(campaign, group),
                source_url=settings.SITE_URL + campaign.get_absolute_url(),
                translations=_commitment_titles(recommendation)
                | _pledge_descriptions(campaign, group),
            )
            created.append(commitment)
            commitment_id = commitment.pk
        to_link = [p.pk for p in group if p.commitment_id is None]
        if to_link:
            with audit.action(
                "elections.link_pledges",
                by=by,
                versions=[Version.ELECTIONS],
            ) as change:
                Pledge.objects.filter(pk__in=to_link).update(
                    commitment_id=commitment_id
                )
                change.after = {"commitment": commitment_id, "pledges": to_link}
    return created


def _pledge_description(campaign: PledgeCampaign, group: list[Pledge]) -> str:
    labels = dict(Pledge.Answer.choices)
    return _("Pledged before the election (%(campaign)s): %(parties)s.") % {
        "campaign": campaign.title,
        "parties": ", ".join(f"{p.party} ({labels[p.answer]})" for p in group),
    }


def _pledge_descriptions(campaign: PledgeCampaign, group: list[Pledge]) -> dict:
    out = {}
    for lang in LANGS:
        with translation.override(lang):
            out[f"description_{lang}"] = _pledge_description(campaign, group)
    return out
