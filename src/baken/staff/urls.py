from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "staff"

urlpatterns: list[URLPattern | URLResolver] = [
    path("medewerkers/", views.staff_register, name="register"),
    path("medewerkers/<int:user_id>/", views.staff_member, name="member"),
    path("medewerkers/<int:user_id>/training/", views.training_add, name="training_add"),
    path(
        "medewerkers/<int:user_id>/training/<int:training_id>/verwijderen/",
        views.training_remove,
        name="training_remove",
    ),
    path("medewerkers/<int:user_id>/verklaring/", views.declaration_scan, name="declaration_scan"),
    path("beleid/", views.policy, name="policy"),
    path("beleid/wijzigen/", views.policy_edit, name="policy_edit"),
    path("beleid/geschiedenis/", views.policy_history, name="policy_history"),
    path("datalek-melden/", views.breach_report, name="breach_report"),
    path("datalekken/", views.breach_list, name="breach_list"),
    path("datalekken/<int:incident_id>/", views.breach_detail, name="breach_detail"),
    path("datalekken/<int:incident_id>/besluit/", views.breach_decide, name="breach_decide"),
    path("datalekken/<int:incident_id>/actie/", views.breach_action, name="breach_action"),
    path("auditlog/", views.audit_log_view, name="audit_log"),
    path("auditlog/export.csv", views.audit_log_export, name="audit_log_export"),
    path("casus/", views.weekly_cases, name="cases"),
]
