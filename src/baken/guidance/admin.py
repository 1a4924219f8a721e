"""Read-only admin for the waaier: versions are append-only, so they are changed through the app only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Card, CardVersion


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Card)
class CardAdmin(ReadOnly):
    list_display = ["slug", "topic", "organisation"]
    list_filter = ["topic"]


@admin.register(CardVersion)
class CardVersionAdmin(ReadOnly):
    list_display = ["card", "library", "number", "review_date", "created_at"]
    list_filter = ["library"]
