"""Root URLconf: each domain app mounts its own urls under a Dutch prefix."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from baken.core.permissions import public

urlpatterns = [
    path("", include("baken.core.urls")),
    path("registraties/", include("baken.registrations.urls")),
    path("kaart/", include("baken.directory.urls")),
    path("ido/", include("baken.directory.urls_public")),
    path("wegwijzer/", include("baken.guidance.urls")),
    path("doorverwijzen/", include("baken.referrals.urls")),
    path("toestemming/", include("baken.consents.urls")),
    path("team/", include("baken.staff.urls")),
    path("rapportage/", include("baken.reports.urls")),
    path("privacybeheer/", include("baken.privacy.urls")),
    path("api/", include("baken.api.urls")),
    path("tweestaps/", include("baken.security.urls")),
    path("taal/", public(set_language), name="set_language"),
    # One sign-in page for everyone, also for the admin (which keeps its own role check).
    path("beheer/login/", public(RedirectView.as_view(url="/aanmelden/", query_string=True))),
    path("beheer/", admin.site.urls),
]

handler400 = "baken.core.errors.bad_request"
handler403 = "baken.core.errors.permission_denied"
handler404 = "baken.core.errors.page_not_found"
handler500 = "baken.core.errors.server_error"
