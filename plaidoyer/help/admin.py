"""Coordinators keep the public bodies, services and testimony desks here.

Testimonies and their messages have no admin: coordinators see counts, not texts
(help:overview); only the designated staff of the handling organisation read them.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from plaidoyer.accounts.admin import CoordinatorAdmin
from plaidoyer.core.versions import Version

from .models import Body, HandlingDesk, Service


@admin.register(Body)
class BodyAdmin(CoordinatorAdmin, TranslationAdmin):
    data_version = Version.HELP
    list_display = ["name", "kind", "fields", "grounds", "position"]
    list_filter = ["kind"]
    filter_horizontal = ["regions"]


@admin.register(Service)
class ServiceAdmin(CoordinatorAdmin, TranslationAdmin):
    data_version = Version.HELP
    list_display = ["name", "organisation", "kind", "nationwide", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name_fr", "organisation__name"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["languages", "regions", "provinces", "municipalities"]


@admin.register(HandlingDesk)
class HandlingDeskAdmin(CoordinatorAdmin):
    list_display = ["organisation", "fields", "is_active", "position"]
    autocomplete_fields = ["organisation", "handlers"]
    filter_horizontal = ["regions"]
