"""Read-mostly admin for the beheerder; the coordinator and privacy coordinator use the app's own pages."""

from django.contrib import admin

from .models import BreachAction, BreachIncident, PolicyVersion, StaffProfile, Training, WeeklyCase


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "declaration_signed_on", "declaration_renew_on"]
    list_filter = ["kind"]


@admin.register(Training)
class TrainingAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "completed_on"]


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["library", "created_at", "created_by_username"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # append-only history

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(BreachIncident)
class BreachIncidentAdmin(admin.ModelAdmin):
    list_display = ["pk", "library", "discovered_at", "severity", "decided_at"]
    list_filter = ["library", "severity"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(BreachAction)
class BreachActionAdmin(admin.ModelAdmin):
    list_display = ["incident", "at", "by_username"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(WeeklyCase)
class WeeklyCaseAdmin(admin.ModelAdmin):
    list_display = ["title", "library", "created_at"]
