"""The Django admin, for the beheerder (system administrator) only."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, Branch, Gemeente, IdoOpeningHours, Library, User
from .roles import Role


def beheerder_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.role == Role.BEHEERDER and user.is_staff)


admin.site.has_permission = beheerder_only  # type: ignore[method-assign]
admin.site.site_header = _("Baken system management")
admin.site.site_title = _("Baken")


class IdoOpeningHoursInline(admin.TabularInline):
    model = IdoOpeningHours
    extra = 0


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "inactivity_timeout_minutes"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "gemeente", "has_ido"]
    list_filter = ["library", "gemeente"]
    inlines = [IdoOpeningHoursInline]


@admin.register(User)
class BakenUserAdmin(UserAdmin):
    list_display = ["username", "role", "library", "gemeente", "is_active"]
    list_filter = ["role", "library", "gemeente", "is_active"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (_("Baken"), {"fields": ("role", "library", "gemeente", "confidentiality_signed")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_username", "library", "action", "target"]
    list_filter = ["action", "library"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
