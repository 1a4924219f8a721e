from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.start, name="start"),
    path("dienst/<int:service_id>/", views.service, name="service"),
    path("dienst/<int:service_id>/email/", views.email_referral, name="email"),
    path("verwijzing/<int:referral_id>/", views.detail, name="detail"),
    path("overzicht/", views.overview, name="overview"),
    path("terugkoppeling/<str:token>/", views.feedback, name="feedback"),
]
