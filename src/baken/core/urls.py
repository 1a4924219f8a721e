from django.contrib.auth.views import LogoutView
from django.urls import path

from . import views
from .permissions import public

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("aanmelden/", views.login_view, name="login"),
    path("afmelden/", public(LogoutView.as_view()), name="logout"),
    path("wachtwoord/", views.password_change_view, name="password_change"),
    path("sessie/verlengen/", views.session_keepalive, name="session_keepalive"),
    path("balie/", views.desk, name="desk"),
    path("coordinatie/", views.coordinator, name="coordinator"),
    path("privacy/", views.privacy, name="privacy"),
    path("cijfers/", views.figures, name="figures"),
    path("systeembeheer/", views.system, name="system"),
]
