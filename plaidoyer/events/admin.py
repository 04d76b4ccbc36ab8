from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from plaidoyer.accounts.admin import CoordinatorAdmin, CoordinatorInline, ReadOnlyMixin
from plaidoyer.core.versions import Version

from . import services
from .models import Event, Question, Registration, Session


class QuestionInline(CoordinatorInline, TranslationTabularInline):
    model = Question
    extra = 0


class SessionInline(CoordinatorInline, TranslationTabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "mode",
        "capacity",
        "seats_taken",
        "waitlist_length",
        "is_published",
    ]
    list_filter = ["kind", "mode", "is_published", "organisers"]
    search_fields = ["title_fr", "title_nl", "slug"]
    prepopulated_fields = {"slug": ["title_fr"]}
    autocomplete_fields = ["organisers", "municipality"]
    filter_horizontal = ["themes", "languages"]
    readonly_fields = ["seats_taken", "waitlist_length"]
    inlines = [SessionInline, QuestionInline]
    date_hierarchy = "starts_at"
    data_version = Version.EVENTS  # the agenda, its pages and the registration form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.save_search_text(form.instance)


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyMixin, CoordinatorAdmin):
    """Read-only: registrations change through the organiser pages and services."""

    list_display = ["name", "event", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "event"]
    search_fields = ["name", "email"]
    readonly_fields = [f.name for f in Registration._meta.fields]
