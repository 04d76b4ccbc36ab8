from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from plaidoyer.accounts.admin import CoordinatorAdmin, CoordinatorInline
from plaidoyer.accounts.permissions import is_coordinator
from plaidoyer.core import identity, versions
from plaidoyer.core.models import Funder, SiteIdentity
from plaidoyer.core.versions import Version

from . import services
from .models import (
    Article,
    Figure,
    MenuItem,
    Newsletter,
    Page,
    PressContact,
    PressOfficer,
    Resource,
    Subscriber,
    TeamMember,
)


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin picks the fields it shows

    def clean(self):
        data = super().clean()
        probe = Article(
            status=data.get("status"),
            publish_at=data.get("publish_at"),
            image=data.get("image"),
            image_alt_fr=data.get("image_alt_fr"),
        )
        for field, message in services.article_errors(probe).items():
            self.add_error(field if field in self.fields else None, message)
        return data


@admin.register(Article)
class ArticleAdmin(CoordinatorAdmin, TranslationAdmin):
    form = ArticleAdminForm
    list_display = ["title", "status", "publish_at", "organisation"]
    list_filter = ["status", "is_press_release", "themes"]
    search_fields = ["title_fr", "title_nl"]
    prepopulated_fields = {"slug": ["title_fr"]}
    filter_horizontal = ["themes"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "publish_at"

    def save_model(self, request, obj, form, change):
        services.save_article(by=request.user, article=obj)


@admin.register(Resource)
class ResourceAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = [
        "title",
        "kind",
        "year",
        "language",
        "downloads",
        "is_published",
        "visibility",
    ]
    list_filter = ["kind", "language", "visibility", "for_press", "themes"]
    search_fields = ["title_fr", "title_nl"]
    prepopulated_fields = {"slug": ["title_fr"]}
    filter_horizontal = ["themes"]
    readonly_fields = ["downloads"]

    def save_model(self, request, obj, form, change):
        services.save_resource(by=request.user, resource=obj)


@admin.register(Figure)
class FigureAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["label", "value", "unit", "date", "series", "is_published"]
    list_filter = ["series", "theme"]


class TeamInline(CoordinatorInline, TranslationTabularInline):
    model = TeamMember
    extra = 0


@admin.register(Page)
class PageAdmin(CoordinatorAdmin, TranslationAdmin):
    """Pages and the menu: parent, position and the two visibility flags."""

    list_display = [
        "title",
        "parent",
        "position",
        "in_menu",
        "in_footer",
        "is_published",
    ]
    list_editable = ["position", "in_menu", "in_footer"]
    prepopulated_fields = {"slug": ["title_fr"]}
    inlines = [TeamInline]

    data_version = Version.SITE  # the menu and footer of every page, too

    def save_model(self, request, obj, form, change):
        from plaidoyer.core.html import clean_html

        for code in ("fr", "nl", "en", "de"):
            body = getattr(obj, f"body_{code}")
            if body:
                setattr(obj, f"body_{code}", clean_html(body))
        super().save_model(request, obj, form, change)


@admin.register(Subscriber)
class SubscriberAdmin(CoordinatorAdmin):
    list_display = ["email", "language", "confirmed_at", "created_at"]
    list_filter = ["language", "confirmed_at"]
    search_fields = ["email"]

    def has_add_permission(self, request):
        return False


@admin.register(Newsletter)
class NewsletterAdmin(CoordinatorAdmin, TranslationAdmin):
    list_display = ["subject", "status", "sent_at"]
    filter_horizontal = ["articles", "themes"]
    actions = ["send_test", "send"]

    @admin.action(description=gettext_lazy("Send a test to my address"))
    def send_test(self, request, queryset):
        for newsletter in queryset:
            services.send_newsletter(
                by=request.user, newsletter=newsletter, test_to=request.user.email
            )
        self.message_user(request, gettext_lazy("Test sent."), messages.SUCCESS)

    @admin.action(description=gettext_lazy("Send to its segments"))
    def send(self, request, queryset):
        for newsletter in queryset:
            try:
                services.send_newsletter(by=request.user, newsletter=newsletter)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(
                    request, gettext_lazy("Sending has started."), messages.SUCCESS
                )


class FunderInline(CoordinatorInline, admin.TabularInline):
    model = Funder
    extra = 0


@admin.register(SiteIdentity)
class SiteIdentityAdmin(CoordinatorAdmin):
    """One row: the coalition's name, logo, colour, publisher, footer and modules."""

    inlines = [FunderInline]
    fieldsets = [
        (None, {"fields": ["name", "tagline", "logo", "logo_alt", "accent_colour"]}),
        (gettext_lazy("Images"), {"fields": ["favicon", "share_image"]}),
        (
            gettext_lazy("Publisher (legal notice, privacy policy, footer)"),
            {
                "fields": [
                    "publisher_name",
                    "publisher_address",
                    "publisher_company_number",
                    "publisher_responsible",
                    "publisher_email",
                    "publisher_phone",
                    "bank_account",
                    "donation_url",
                    "support_text",
                ]
            },
        ),
        (
            gettext_lazy("Modules"),
            {
                "fields": [
                    "barometer_enabled",
                    "campaigns_enabled",
                    "events_enabled",
                    "processes_enabled",
                    "help_enabled",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteIdentity.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        identity.save_identity(
            by=request.user, identity=obj, allowed=is_coordinator(request.user)
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        versions.bump(Version.SITE)  # the footer's funders


@admin.register(MenuItem)
class MenuItemAdmin(CoordinatorAdmin, TranslationAdmin):
    """The main menu: entries in order, each under another one or at the top."""

    list_display = ["__str__", "parent", "section", "page", "url", "position"]
    list_editable = ["position"]
    list_select_related = ["parent", "page"]
    data_version = Version.SITE  # every page's header


@admin.register(PressContact)
class PressContactAdmin(CoordinatorAdmin):
    """The press list: a newsletter segment (news.segments)."""

    list_display = ["name", "outlet", "email", "language"]
    search_fields = ["name", "outlet", "email"]


@admin.register(PressOfficer)
class PressOfficerAdmin(CoordinatorAdmin, TranslationAdmin):
    """Press contacts per theme, shown on the press page."""

    list_display = ["name", "theme", "role", "email", "phone", "position"]
    list_editable = ["position"]
    list_filter = ["theme"]
    list_select_related = ["theme"]
    search_fields = ["name", "email"]
    filter_horizontal = ["languages"]
    data_version = Version.SITE  # the press page

    def save_model(self, request, obj, form, change):
        services.save_press_officer(by=request.user, officer=obj)

    def delete_model(self, request, obj):
        services.delete_press_officer(by=request.user, officer=obj)
