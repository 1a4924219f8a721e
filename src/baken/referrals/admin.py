from django.contrib import admin

from .models import ConsultationHour, Partner


class ConsultationHourInline(admin.TabularInline):
    model = ConsultationHour
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "topic", "active"]
    list_filter = ["library", "active"]
    inlines = [ConsultationHourInline]
