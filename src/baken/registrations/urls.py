from django.urls import path

from . import views

app_name = "registrations"

urlpatterns = [
    path("contact/", views.register, name="register"),
    path("contacten/", views.contact_list, name="contact_list"),
    path("contacten/<int:contact_id>/", views.contact_detail, name="contact_detail"),
    path("contacten/<int:contact_id>/wijzigen/", views.contact_edit, name="contact_edit"),
    path("contacten/<int:contact_id>/verwijderen/", views.contact_delete, name="contact_delete"),
    path("export/contacten.csv", views.export_csv, name="export_csv"),
    path("export/contacten.xlsx", views.export_xlsx, name="export_xlsx"),
    path("overzicht/", views.summary, name="summary"),
    path("turven/", views.tally, name="tally"),
    path("turven/<int:sheet_id>/verwijderen/", views.tally_delete, name="tally_delete"),
    path("onderwerpen/", views.local_topics, name="local_topics"),
    path("onderwerpen/<int:topic_id>/", views.local_topics, name="local_topic_edit"),
]
