from django.contrib import admin

from .models import Location, Organization, Schedule, Service, ServiceAtLocation


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "library"]
    list_filter = ["library"]
    search_fields = ["name"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "library", "kind", "status", "last_verified_on"]
    list_filter = ["library", "kind", "status"]
    search_fields = ["name", "organization__name"]


@admin.register(Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "library", "city", "branch"]
    list_filter = ["library"]


admin.site.register(ServiceAtLocation)
admin.site.register(Schedule)
