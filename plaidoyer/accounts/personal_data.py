"""What accounts hold about a person: their account and the login attempts made
with their address (core.personal_data).

An account is deactivated and anonymised rather than deleted: what it did
(audit rows, status updates, drafts) keeps pointing at one row, now nameless.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data, ratelimit
from plaidoyer.core.mail import send_email
from plaidoyer.core.ratelimit import Limit

from .models import User

LOGIN_RECORDS = (AccessAttempt, AccessFailureLog, AccessLog)


def _users(email: str):
    return User.objects.filter(email__iexact=email.strip())


def find_account(email: str) -> list[dict]:
    return [
        {
            "id": u.pk,
            "email": u.email,
            "full_name": u.full_name,
            "language": u.language,
            "active": u.is_active,
            "coordinator": u.is_coordinator,
            "joined": u.date_joined.isoformat(),
            "last_login": u.last_login.isoformat() if u.last_login else None,
        }
        for u in _users(email)
    ]


def erase_account(email: str) -> int:
    count = 0
    for user in _users(email):
        user.email = f"erased-{user.pk}@invalid"
        user.full_name = ""
        user.is_active = False
        user.is_staff = user.is_superuser = user.is_coordinator = False
        user.set_unusable_password()
        user.save()
        count += 1
    return count


def find_logins(email: str) -> list[dict]:
    rows = []
    for model in LOGIN_RECORDS:
        for row in model.objects.filter(username__iexact=email.strip()):
            rows.append(
                {
                    "kind": str(model._meta.verbose_name),
                    "at": row.attempt_time.isoformat(),
                    "ip_address": row.ip_address,
                    "user_agent": row.user_agent,
                }
            )
    return rows


def erase_logins(email: str) -> int:
    count = 0
    for model in LOGIN_RECORDS:
        deleted, _rows = model.objects.filter(username__iexact=email.strip()).delete()
        count += deleted
    return count


# Registered when the app is ready (apps.py imports this module).
personal_data.register(
    "accounts.login",
    _("Sign-in attempts"),
    find=find_logins,
    erase=erase_logins,
    order=790,
)
# After every provider that finds rows through the account's address.
personal_data.register(
    "accounts.user",
    _("User account"),
    find=find_account,
    erase=erase_account,
    order=800,
)


# --- The person's own request ---------------------------------------------------------

# Links asked per address and per connection in an hour: enough for a person who
# lost the email, too few to flood an inbox.
LINKS_PER_ADDRESS = 3
LINKS_PER_IP = 10
LINK_WINDOW = 3600
# Who erased, in the audit log, when the person did it through their link.
BY_PERSON = "the person (signed link)"


@transaction.atomic
def send_personal_data_link(*, email: str, ip: str, language: str) -> None:
    """Email ``email`` a signed link to what the platform holds on it.

    The caller answers the same whether anything is held or not, and whether
    the address's own limit was reached: only the connection's limit shows
    (RateLimited). Raise ValidationError for an invalid address.
    """
    email = personal_data.normalise(email)
    ratelimit.hit(Limit(f"personal-data:ip:{ip}", LINKS_PER_IP, LINK_WINDOW))
    try:
        ratelimit.hit(
            Limit(
                f"personal-data:to:{personal_data.email_hash(email)}",
                LINKS_PER_ADDRESS,
                LINK_WINDOW,
            )
        )
    except ratelimit.RateLimited:
        return
    token = personal_data.make_token(email)
    send_email(
        to=email,
        template="accounts/email/personal_data_link",
        context=lambda: {
            "url": settings.SITE_URL
            + reverse("accounts:personal_data_mine", kwargs={"token": token}),
            "hours": personal_data.TOKEN_MAX_AGE // 3600,
        },
        language=language,
    )
