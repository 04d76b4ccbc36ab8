from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from plaidoyer.accounts.admin import CoordinatorAdmin, CoordinatorInline
from plaidoyer.core.versions import Version

from . import services
from .models import (
    Campaign,
    Case,
    Criterion,
    Evidence,
    LabelApplication,
    LabelProgramme,
    MunicipalGoal,
    PaperBatch,
    SessionRequest,
    WritingSession,
)


class CaseInline(CoordinatorInline, TranslationTabularInline):
    model = Case
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


class GoalInline(CoordinatorInline, admin.TabularInline):
    model = MunicipalGoal
    extra = 0
    autocomplete_fields = ["municipality"]


@admin.register(Campaign)
class CampaignAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["title", "opens_at", "closes_at", "goal", "is_published"]
    prepopulated_fields = {"slug": ["title_fr"]}
    filter_horizontal = ["themes"]
    inlines = [CaseInline, GoalInline]
    data_version = Version.CAMPAIGNS  # the action form reads campaigns and cases cached


@admin.register(PaperBatch)
class PaperBatchAdmin(CoordinatorAdmin):
    list_display = [
        "organisation",
        "campaign",
        "case",
        "municipality",
        "letters",
        "drawings",
        "status",
        "collected_on",
    ]
    list_filter = ["status", "campaign"]
    search_fields = ["organisation__name_fr", "municipality__name_fr"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "submitted_by"]
    actions = ["validate"]

    def has_add_permission(self, request):
        return False  # batches come from the local groups' page or the CSV import

    @admin.action(description=gettext_lazy("Validate the selected batches"))
    def validate(self, request, queryset):
        for batch in queryset.filter(status="submitted"):
            try:
                services.review_batch(by=request.user, batch=batch, validate=True)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)


class CriterionInline(CoordinatorInline, TranslationTabularInline):
    model = Criterion
    extra = 0


@admin.register(LabelProgramme)
class LabelProgrammeAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}
    inlines = [CriterionInline]
    data_version = Version.CAMPAIGNS  # the label's page


class EvidenceInline(CoordinatorInline, admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(LabelApplication)
class LabelApplicationAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["__str__", "programme", "year", "status"]
    list_filter = ["programme", "year", "status"]
    autocomplete_fields = ["municipality", "organisation"]
    readonly_fields = ["status", "decided_by", "decided_at"]
    inlines = [EvidenceInline]
    actions = ["award", "renew", "withdraw"]
    data_version = Version.CAMPAIGNS  # the label's page

    def _decide(self, request, queryset, status):
        done = 0
        for application in queryset:
            try:
                services.decide_application(
                    by=request.user, application=application, status=status
                )
            except ValidationError as exc:
                self.message_user(
                    request, f"{application}: {'; '.join(exc.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d application decided.",
                    "%(count)d applications decided.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Award the label"))
    def award(self, request, queryset):
        self._decide(request, queryset, "awarded")

    @admin.action(description=gettext_lazy("Renew the label"))
    def renew(self, request, queryset):
        self._decide(request, queryset, "renewed")

    @admin.action(description=gettext_lazy("Withdraw the label"))
    def withdraw(self, request, queryset):
        self._decide(request, queryset, "withdrawn")


@admin.register(WritingSession)
class WritingSessionAdmin(CoordinatorAdmin):
    """A view of the sessions; they are made from the hosts' pages or a request."""

    list_display = ["event", "campaign", "host", "audience", "batch", "reported_at"]
    list_filter = ["campaign", "audience"]
    search_fields = ["event__title_fr", "host__name_fr"]
    readonly_fields = ["event", "batch", "reported_at", "created_by"]
    autocomplete_fields = ["host"]

    def has_add_permission(self, request):
        return False


@admin.register(SessionRequest)
class SessionRequestAdmin(CoordinatorAdmin):
    """Requests are answered on the campaign's requests page (emails go from
    there); here they are only looked up."""

    list_display = ["organisation_name", "town", "campaign", "status", "created_at"]
    list_filter = ["status", "campaign", "kind"]
    search_fields = ["organisation_name", "town", "email", "name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
