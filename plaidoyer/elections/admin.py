from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from plaidoyer.accounts.admin import CoordinatorAdmin
from plaidoyer.core.versions import Version

from .models import Candidate, Constituency, Election, Party, PledgeCampaign


class ConstituencyInline(TranslationTabularInline):
    model = Constituency
    extra = 1
    prepopulated_fields = {"slug": ["name_fr"]}


@admin.register(Election)
class ElectionAdmin(CoordinatorAdmin, TranslationAdmin):
    data_version = Version.ELECTIONS
    list_display = ["title", "date", "level", "government"]
    list_filter = ["level"]
    prepopulated_fields = {"slug": ["title_fr"]}
    # The government is recorded with the result (elections:manage), not here.
    exclude = ["government"]
    inlines = [ConstituencyInline]


@admin.register(Party)
class PartyAdmin(CoordinatorAdmin):
    data_version = Version.ELECTIONS
    list_display = ["name", "election", "position", "language", "in_majority"]
    list_filter = ["election"]
    search_fields = ["name", "slug"]
    exclude = ["in_majority"]


@admin.register(Candidate)
class CandidateAdmin(CoordinatorAdmin):
    data_version = Version.ELECTIONS
    list_display = ["name", "party", "constituency", "election"]
    list_filter = ["election"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["party", "constituency"]


@admin.register(PledgeCampaign)
class PledgeCampaignAdmin(CoordinatorAdmin, TranslationAdmin):
    data_version = Version.ELECTIONS
    list_display = ["title", "election", "deadline", "is_published"]
    list_filter = ["election"]
    prepopulated_fields = {"slug": ["title_fr"]}
    filter_horizontal = ["recommendations"]
