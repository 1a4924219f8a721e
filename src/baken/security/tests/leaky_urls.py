"""A URLconf for testing the isolation matrix itself: one scoped view, one that leaks, one undeclared."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from baken import urls as project_urls
from baken.core import selectors
from baken.core.models import Branch
from baken.core.permissions import role_required
from baken.core.roles import DESK_ROLES
from baken.core.scope import Scope
from baken.core.types import AuthedRequest


@role_required(DESK_ROLES)
def scoped(request: AuthedRequest, branch_id: int) -> HttpResponse:
    branch = get_object_or_404(selectors.branch_list(scope=Scope.for_user(request.user)), pk=branch_id)
    return HttpResponse(branch.name)


@role_required(DESK_ROLES)
def leaky(request: AuthedRequest, branch_id: int) -> HttpResponse:
    return HttpResponse(Branch.objects.get(pk=branch_id).name)


def undeclared(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


urlpatterns = [
    path("vestiging/<int:branch_id>/", scoped, name="scoped"),
    path("lek/<int:branch_id>/", leaky, name="leaky"),
    path("open/", undeclared, name="undeclared"),
    *project_urls.urlpatterns,
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
