from django.urls import path

from . import views

app_name = "consents"

urlpatterns = [
    path("", views.consent_list, name="list"),
    path("nieuw/", views.consent_create, name="create"),
    path("blanco.pdf", views.consent_blank_pdf, name="blank_pdf"),
    path("<int:consent_id>/", views.consent_detail, name="detail"),
    path("<int:consent_id>/handtekening/", views.consent_signature, name="signature"),
    path("<int:consent_id>/formulier.pdf", views.consent_pdf, name="pdf"),
    path("<int:consent_id>/intrekken/", views.consent_withdraw, name="withdraw"),
]
