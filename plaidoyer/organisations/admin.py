from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from plaidoyer.accounts.admin import CoordinatorAdmin, CoordinatorInline
from plaidoyer.core import audit
from plaidoyer.core.csvimport import ImportRejected

from . import services
from .forms import ImportForm
from .models import Contact, Language, Membership, Organisation, Staff, Theme


class MembershipInline(CoordinatorInline, admin.TabularInline):
    model = Membership
    fk_name = "member"
    extra = 0
    autocomplete_fields = ["network"]
    verbose_name = gettext_lazy("network membership")
    verbose_name_plural = gettext_lazy("networks this organisation belongs to")


class ContactInline(CoordinatorInline, admin.TabularInline):
    model = Contact
    extra = 0


class StaffInline(CoordinatorInline, admin.TabularInline):
    model = Staff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = [
        "name",
        "acronym",
        "kind",
        "municipality",
        "is_published",
        "trusted",
        "updated_at",
    ]
    list_filter = [
        "kind",
        "is_published",
        "trusted",
        "themes",
        "municipality__province",
        "memberships__network",
    ]
    search_fields = [
        "name_fr",
        "name_nl",
        "name_en",
        "name_de",
        "acronym",
        "slug",
        "municipality__name_fr",
        "municipality__name_nl",
    ]
    prepopulated_fields = {"slug": ["name_fr"]}
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["themes", "languages"]
    inlines = [MembershipInline, ContactInline, StaffInline]
    list_select_related = ["municipality"]
    change_list_template = "admin/organisations/organisation/change_list.html"

    def save_model(self, request, obj, form, change):
        # Themes and languages are saved by save_related(); audit them there.
        services.save_organisation(by=request.user, organisation=obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, Membership):
                services.remove_membership(by=request.user, membership=obj)
            elif isinstance(obj, Staff):
                services.remove_staff(by=request.user, staff=obj)
            else:
                audit.record(
                    by=request.user,
                    action="admin.delete",
                    target=obj,
                    before=audit.snapshot(obj),
                )
                obj.delete()
        for obj in instances:
            if isinstance(obj, Membership):
                services.save_membership(by=request.user, membership=obj)
            elif isinstance(obj, Staff) and obj.pk is None:
                services.add_staff(
                    by=request.user,
                    organisation=obj.organisation,
                    user=obj.user,
                    role=obj.role,
                )
            else:
                before = audit.snapshot(type(obj).objects.filter(pk=obj.pk).first())
                obj.save()
                audit.record(
                    by=request.user,
                    action="admin.save",
                    target=obj,
                    before=before or None,
                    after=audit.snapshot(obj),
                )
        formset.save_m2m()

    def delete_model(self, request, obj):
        services.delete_organisation(by=request.user, organisation=obj)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="organisations_organisation_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        errors = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.import_organisations(
                    by=request.user, data=form.cleaned_data["file"].read()
                )
            except ImportRejected as exc:
                errors = exc.errors
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d organisation imported.",
                        "%(count)d organisations imported.",
                        len(saved),
                    )
                    % {"count": len(saved)},
                )
                return redirect(reverse("admin:organisations_organisation_changelist"))
        return render(
            request,
            "admin/organisations/organisation/import.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "form": form,
                "errors": errors,
                "columns": services.IMPORT_COLUMNS,
                "title": _("Import organisations"),
            },
        )


@admin.register(Membership)
class MembershipAdmin(CoordinatorAdmin):
    list_display = ["member", "network", "role", "since"]
    list_filter = ["role", "network"]
    search_fields = ["member__name_fr", "network__name_fr"]
    autocomplete_fields = ["member", "network"]
    list_select_related = ["member", "network"]

    def save_model(self, request, obj, form, change):
        services.save_membership(by=request.user, membership=obj)

    def delete_model(self, request, obj):
        services.remove_membership(by=request.user, membership=obj)


@admin.register(Theme)
class ThemeAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_fr", "name_nl", "slug"]
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Language)
class LanguageAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["code", "name", "position"]
    search_fields = ["code", "name_fr"]


@admin.register(Staff)
class StaffAdmin(CoordinatorAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name_fr"]
    autocomplete_fields = ["user", "organisation"]

    def delete_model(self, request, obj):
        services.remove_staff(by=request.user, staff=obj)
