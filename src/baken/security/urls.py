from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("code/", views.verify, name="verify"),
    path("instellen/", views.setup, name="setup"),
    path("herstelcodes/", views.recovery_codes, name="recovery_codes"),
]
