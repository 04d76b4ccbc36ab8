from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from plaidoyer.accounts.admin import CoordinatorAdmin, ReadOnlyMixin
from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core.csvimport import ImportRejected

from . import services
from .forms import BulkStatusForm, MemorandumImportForm
from .models import (
    Authority,
    Commitment,
    Level,
    Memorandum,
    MemorandumItem,
    Recommendation,
    Sector,
    StatusUpdate,
)


@admin.register(Sector)
class SectorAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["name", "code", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Level)
class LevelAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["name", "tier", "slug", "position"]


@admin.register(Memorandum)
class MemorandumAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["title", "edition", "year", "state", "published_on"]
    list_filter = ["state"]
    readonly_fields = ["state", "derived_from"]
    actions = ["publish", "derive"]
    change_form_template = "admin/commitments/memorandum/change_form.html"

    @admin.action(description=gettext_lazy("Publish the selected memorandum"))
    def publish(self, request, queryset):
        for memorandum in queryset[:1]:
            try:
                services.publish_memorandum(by=request.user, memorandum=memorandum)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("Published."), messages.SUCCESS)

    @admin.action(
        description=gettext_lazy("Start a new edition from the selected memorandum")
    )
    def derive(self, request, queryset):
        for memorandum in queryset[:1]:
            year = timezone.localdate().year
            new = services.derive_edition(
                by=request.user, source=memorandum, title=memorandum.title_fr, year=year
            )
            self.message_user(
                request,
                _("Draft edition %(edition)s created.") % {"edition": new.edition},
                messages.SUCCESS,
            )

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="commitments_memorandum_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request, pk: int):
        if not self.has_change_permission(request):
            raise PermissionDenied
        memorandum = Memorandum.objects.get(pk=pk)
        form = MemorandumImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                saved = services.import_memorandum(
                    by=request.user,
                    memorandum=memorandum,
                    data=upload.read(),
                    filename=upload.name,
                )
                if form.cleaned_data["publish"]:
                    services.publish_memorandum(by=request.user, memorandum=memorandum)
            except ImportRejected as exc:
                errors = exc.errors
            except ValidationError as exc:
                errors = exc.messages
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d recommendation imported.",
                        "%(count)d recommendations imported.",
                        len(saved),
                    )
                    % {"count": len(saved)},
                    messages.SUCCESS,
                )
                return redirect(
                    reverse("admin:commitments_memorandum_change", args=[pk])
                )
        return render(
            request,
            "admin/commitments/memorandum/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "memorandum": memorandum,
                "form": form,
                "errors": errors,
                "columns": services.IMPORT_COLUMNS,
                "title": _("Import recommendations"),
            },
        )


@admin.register(Recommendation)
class RecommendationAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["code", "title", "sector", "priority", "barometer_status"]
    list_filter = ["sector", "barometer_status", "priority", "levels"]
    search_fields = ["code", "title_fr", "title_nl"]
    filter_horizontal = ["levels", "themes"]
    autocomplete_fields = ["origin_organisation"]
    readonly_fields = ["barometer_status"]
    list_select_related = ["sector"]

    def save_model(self, request, obj, form, change):
        services.save_recommendation(by=request.user, recommendation=obj)


@admin.register(MemorandumItem)
class MemorandumItemAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["recommendation", "memorandum", "position"]
    list_filter = ["memorandum"]
    search_fields = ["recommendation__code", "title_fr"]
    autocomplete_fields = ["recommendation"]


@admin.register(Authority)
class AuthorityAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["name", "kind", "level", "municipality"]
    list_filter = ["kind", "level"]
    search_fields = ["name_fr", "name_nl", "slug"]
    autocomplete_fields = ["municipality"]
    prepopulated_fields = {"slug": ["name_fr"]}

    def save_model(self, request, obj, form, change):
        services.save_authority(by=request.user, authority=obj)


class StatusUpdateInline(admin.TabularInline):
    """Updates are append-only: shown here, added from the commitment's public page."""

    model = StatusUpdate
    fk_name = "commitment"
    extra = 0
    can_delete = False
    fields = [
        "date",
        "source",
        "status",
        "progress",
        "note",
        "note_source",
        "evidence_url",
        "corrects",
        "author",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)


@admin.register(Commitment)
class CommitmentAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = [
        "title",
        "authority",
        "committed_on",
        "status",
        "progress",
        "last_update_on",
    ]
    list_filter = ["status", "authority__level", "authority"]
    search_fields = [
        "title_fr",
        "title_nl",
        "authority__name_fr",
        "recommendations__code",
    ]
    autocomplete_fields = ["authority", "recommendations"]
    readonly_fields = ["status", "progress", "authority_status", "last_update_on"]
    inlines = [StatusUpdateInline]
    actions = ["bulk_status"]
    list_select_related = ["authority"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new commitment starts its public history with a first update.
        obj.status = "announced"
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            services.commitment_changed(form.instance)
        else:
            services.record_status_update(
                by=request.user,
                commitment=form.instance,
                date=form.instance.committed_on,
                status="announced",
                evidence_url=form.instance.source_url,
            )

    @admin.action(
        description=gettext_lazy("Record the same status update on the selection")
    )
    def bulk_status(self, request, queryset):
        form = BulkStatusForm(
            request.POST if "apply" in request.POST else None,
            initial={"date": timezone.localdate()},
        )
        if "apply" in request.POST and form.is_valid():
            try:
                services.bulk_record_status(
                    by=request.user, commitments=list(queryset), **form.cleaned_data
                )
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                ngettext(
                    "%(count)d commitment updated.",
                    "%(count)d commitments updated.",
                    queryset.count(),
                )
                % {"count": queryset.count()},
                messages.SUCCESS,
            )
            return None
        return render(
            request,
            "admin/commitments/commitment/bulk_status.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "commitments": queryset,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                "title": _("Record a status update"),
            },
        )


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReadOnlyMixin, CoordinatorAdmin):
    list_display = ["commitment", "date", "source", "status", "progress", "author"]
    list_filter = ["status", "source"]
    search_fields = ["commitment__title_fr", "note"]
    date_hierarchy = "date"
