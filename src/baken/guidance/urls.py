from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("mag-ik-dit/", views.ask, name="ask"),
    path("mag-ik-dit/<slug:code>/", views.answer, name="answer"),
    path("zoeken/", views.search, name="search"),
    path("resultaten/", views.results, name="results"),
    path("digid-casus/", views.digid_case, name="digid_case"),
    path("waaier/", views.card_list, name="card_list"),
    path("waaier/controleren/", views.cards_due, name="cards_due"),
    path("waaier/<slug:slug>/", views.card_detail, name="card_detail"),
    path("waaier/<slug:slug>/bewerken/", views.card_edit, name="card_edit"),
    path("waaier/<slug:slug>/versies/", views.card_history, name="card_history"),
    path("waaier/<slug:slug>/versies/<int:version_id>/", views.card_version, name="card_version"),
]
