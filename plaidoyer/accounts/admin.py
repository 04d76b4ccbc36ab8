from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from plaidoyer.core import audit, versions
from plaidoyer.core.models import AuditLog

from .models import User
from .permissions import can_manage_users, is_coordinator


class CoordinatorAdmin(admin.ModelAdmin):
    """Open a model to coordinators in the admin; the role, not Django's model perms, decides.

    Saves and deletions that do not go through a dedicated service are still
    written to the audit log. ``data_version``: the data version
    (plaidoyer.core.versions) the caches of this data are keyed on, moved on after
    every save (inlines included) and deletion.
    """

    data_version = ""

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def save_model(self, request, obj, form, change):
        before = (
            audit.snapshot(type(obj).objects.filter(pk=obj.pk).first())
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        audit.record(
            by=request.user,
            action=f"admin.{'change' if change else 'add'}",
            target=obj,
            before=before,
            after=audit.snapshot(obj),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if self.data_version:
            versions.bump(self.data_version)

    def delete_model(self, request, obj):
        audit.record(
            by=request.user,
            action="admin.delete",
            target=obj,
            before=audit.snapshot(obj),
        )
        super().delete_model(request, obj)
        if self.data_version:
            versions.bump(self.data_version)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyMixin:
    """Let coordinators view rows (and autocomplete them) but not add, change or
    delete them: they come from a service, a loader or an append-only log."""

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CoordinatorInline:
    """Inline counterpart of CoordinatorAdmin."""

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_coordinator(request.user)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "is_coordinator",
        "is_superuser",
        "is_active",
        "last_login",
    ]
    list_filter = ["is_coordinator", "is_superuser", "is_active", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "language"]}),
        (
            _("Roles"),
            {"fields": ["is_active", "is_coordinator", "is_superuser", "is_staff"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "language", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def has_module_permission(self, request):
        return can_manage_users(request.user)

    def has_view_permission(self, request, obj=None):
        return can_manage_users(request.user)

    has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return can_manage_users(request.user)

    def has_delete_permission(self, request, obj=None):
        return can_manage_users(request.user)

    def save_model(self, request, obj, form, change):
        before = (
            audit.snapshot(
                User.objects.filter(pk=obj.pk).first(),
                [
                    "email",
                    "full_name",
                    "is_active",
                    "is_coordinator",
                    "is_superuser",
                    "is_staff",
                ],
            )
            if change
            else None
        )
        # Coordinators need the admin's door open; the role decides what they see.
        obj.is_staff = obj.is_staff or obj.is_coordinator or obj.is_superuser
        super().save_model(request, obj, form, change)
        audit.record(
            by=request.user,
            action="accounts.admin_save",
            target=obj,
            before=before,
            after=audit.snapshot(
                obj,
                [
                    "email",
                    "full_name",
                    "is_active",
                    "is_coordinator",
                    "is_superuser",
                    "is_staff",
                ],
            ),
        )


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Read-only for everyone: the audit log is append-only."""

    list_display = ["created_at", "actor_repr", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_repr", "target_repr", "target_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditLog._meta.fields]
