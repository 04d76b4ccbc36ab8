"""What the workspace holds about an address (core.personal_data)."""

from django.utils.translation import gettext_lazy as _

from plaidoyer.core import personal_data

from .models import AccountRequest, Invitation


def find_invitations(email: str) -> list[dict]:
    return [
        {
            "id": i.pk,
            "email": i.email,
            "organisation": str(i.organisation),
            "created_at": i.created_at.isoformat(),
            "accepted_at": i.accepted_at.isoformat() if i.accepted_at else None,
        }
        for i in Invitation.objects.filter(email__iexact=email).select_related(
            "organisation"
        )
    ]


def erase_invitations(email: str) -> int:
    return personal_data.delete_rows(Invitation.objects.filter(email__iexact=email))


def find_account_requests(email: str) -> list[dict]:
    return [
        {
            "id": r.pk,
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation_name,
            "role": r.role,
            "message": r.message,
            "status": r.status,
            "created_at": r.created_at.isoformat(),
        }
        for r in AccountRequest.objects.filter(email__iexact=email)
    ]


def erase_account_requests(email: str) -> int:
    return personal_data.delete_rows(AccountRequest.objects.filter(email__iexact=email))


personal_data.register(
    "workspace.invitation",
    _("Invitations to join an organisation"),
    find=find_invitations,
    erase=erase_invitations,
)
personal_data.register(
    "workspace.account_request",
    _("Requests for an account"),
    find=find_account_requests,
    erase=erase_account_requests,
)
