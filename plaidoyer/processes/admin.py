from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from plaidoyer.accounts.admin import CoordinatorAdmin, CoordinatorInline

from .models import Comment, Draft, Meeting, Phase, Process, ProcessMember


class MemberInline(CoordinatorInline, admin.TabularInline):
    model = ProcessMember
    extra = 0
    autocomplete_fields = ["organisation"]


class PhaseInline(CoordinatorInline, TranslationTabularInline):
    model = Phase
    extra = 0
    exclude = ["opening_notified_at", "closing_notified_at"]


class MeetingInline(CoordinatorInline, admin.TabularInline):
    model = Meeting
    extra = 0
    fields = ["event", "attendance_count", "closed_at", "minutes_visibility"]
    readonly_fields = ["attendance_count", "closed_at"]
    autocomplete_fields = ["event"]


@admin.register(Process)
class ProcessAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["title", "started_on", "is_published"]
    prepopulated_fields = {"slug": ["title_fr"]}
    filter_horizontal = ["themes"]
    inlines = [MemberInline, PhaseInline, MeetingInline]


@admin.register(Draft)
class DraftAdmin(CoordinatorAdmin, TranslationAdmin):
    """Read-only here: drafts change through the process pages (versioned, audited)."""

    list_display = [
        "title",
        "process",
        "sector",
        "status",
        "version",
        "endorsement_count",
    ]
    list_filter = ["process", "status", "sector"]
    search_fields = ["title_fr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(CoordinatorAdmin):
    list_display = ["draft", "organisation", "created_at", "hidden_at"]
    list_filter = ["hidden_at"]
    readonly_fields = [f.name for f in Comment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
