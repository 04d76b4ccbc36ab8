import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from . import selectors
from .models import Process

router = Router(tags=["processes"])


class PhaseOut(Schema):
    kind: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date


class ProcessOut(Schema):
    slug: str
    title: str
    description: str
    phases: list[PhaseOut]

    @staticmethod
    def resolve_description(obj):
        return obj.description or ""

    @staticmethod
    def resolve_phases(obj):
        return list(obj.phases.all())


class DraftOut(Schema):
    id: int
    sector: str
    title: str
    text: str
    status: str
    version: int
    endorsements: int
    comments: int
    adopted_as: str | None

    @staticmethod
    def resolve_sector(obj):
        return obj.sector.slug

    @staticmethod
    def resolve_text(obj):
        return obj.text or ""

    @staticmethod
    def resolve_endorsements(obj):
        return obj.endorsement_count

    @staticmethod
    def resolve_comments(obj):
        return obj.comment_count

    @staticmethod
    def resolve_adopted_as(obj):
        return obj.adopted_as.code if obj.adopted_as_id else None


@router.get("/processes", response=list[ProcessOut])
def list_processes(request):
    return selectors.processes()


@router.get("/processes/{slug}/drafts", response=list[DraftOut])
def list_drafts(request, slug: str):
    process = get_object_or_404(Process, slug=slug, is_published=True)
    return selectors.drafts_of(process)
