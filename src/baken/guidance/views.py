"""Desk views of guidance: "Mag ik dit?", the DigiD case walk-through and the waaier question cards.

Reading guidance touches no personal data, so nothing is audit-logged for it; the free-text question is
POSTed and never stored, logged or put in a URL (it may hold a visitor's name). Only action codes and card
slugs of the last search are kept in the session, to list the other matches next to the answer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baken.core.permissions import role_required
from baken.core.roles import COORDINATOR_ROLES, DESK_ROLES
from baken.core.scope import Scope
from baken.core.taxonomy import Topic
from baken.core.types import AuthedRequest
from baken.referrals.selectors import services_for_topic

from . import nee_zeggen, selectors, services
from .content import load_digid_case
from .engine import UnknownAction, load_rules
from .forms import DEFAULT_CONTEXT_PARAMS, CardVersionForm, ContextForm, SearchForm
from .models import Card

SESSION_KEY = "guidance_search"


def answer_url(code: str, params: dict[str, str] | None = None) -> str:
    return f"{reverse('guidance:answer', args=[code])}?{urlencode(params or DEFAULT_CONTEXT_PARAMS)}"


def _labels() -> dict[str, str]:
    return {spec.code: spec.label for spec in load_rules().actions.values()}


# --------------------------------------------------------------------------- "Mag ik dit?"


@role_required(DESK_ROLES)
def ask(request: AuthedRequest) -> HttpResponse:
    return _ask_page(request, SearchForm())


def _ask_page(request: AuthedRequest, form: SearchForm, *, no_results: bool = False) -> HttpResponse:
    return render(
        request,
        "guidance/ask.html",
        {"form": form, "no_results": no_results, "themes": selectors.action_themes()},
    )


@role_required(DESK_ROLES)
@require_http_methods(["GET", "POST"])
def search(request: AuthedRequest) -> HttpResponse:
    """POST the question; redirect to the best action's answer (codes only in the URL)."""
    if request.method != "POST":
        return redirect("guidance:ask")
    form = SearchForm(request.POST)
    if not form.is_valid():
        return _ask_page(request, form)
    result = selectors.search(scope=Scope.for_user(request.user), query=form.cleaned_data["vraag"])
    if result.empty:
        return _ask_page(request, form, no_results=True)
    request.session[SESSION_KEY] = {
        "actions": [match.code for match in result.actions],
        "cards": [match.slug for match in result.cards],
    }
    # 303: the browser fetches the answer with GET, so a reload never re-sends the question.
    target = answer_url(result.actions[0].code) if result.actions else reverse("guidance:results")
    return HttpResponseRedirect(target, status=303)


def _last_search(request: AuthedRequest, scope: Scope) -> dict[str, Any] | None:
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    labels = _labels()
    titles = {view.card.slug: view.current.title for view in selectors.card_views(scope=scope)}
    return {
        "actions": [(code, labels[code]) for code in stored.get("actions", []) if code in labels],
        "cards": [(slug, titles[slug]) for slug in stored.get("cards", []) if slug in titles],
    }


@role_required(DESK_ROLES)
def results(request: AuthedRequest) -> HttpResponse:
    found = _last_search(request, Scope.for_user(request.user))
    if found is None:
        return redirect("guidance:ask")
    return render(request, "guidance/results.html", {"found": found, "form": SearchForm()})


@role_required(DESK_ROLES)
def answer(request: AuthedRequest, code: str) -> HttpResponse:
    try:
        spec = selectors.action_spec(code=code)
    except UnknownAction:
        raise Http404 from None
    scope = Scope.for_user(request.user)
    context_form = ContextForm(request.GET)
    context = context_form.context(staff_confidentiality=request.user.has_confidentiality)
    advice = selectors.advice_for(scope=scope, action=code, context=context)
    found = _last_search(request, scope)
    if found is not None and code not in [item[0] for item in found["actions"]]:
        found = None  # an answer opened from the list, not from the last search
    return render(
        request,
        "guidance/answer.html",
        {
            "spec": spec,
            "advice": advice,
            "context": context,
            "context_form": context_form,
            "params": context_form.params(),
            "script": nee_zeggen.script(code, instead=advice.instead) if advice.verdict != "allowed" else (),
            "script_source": nee_zeggen.SOURCE,
            "golden_tip": nee_zeggen.GOLDEN_TIP,
            "avoid": nee_zeggen.AVOID,
            "found": found,
            "related_cards": selectors.cards_for_action(scope=scope, action=code),
            "form": SearchForm(),
        },
    )


@role_required(DESK_ROLES)
def digid_case(request: AuthedRequest) -> HttpResponse:
    case = load_digid_case()
    phases: list[tuple[str, list[Any]]] = []
    for step in case.steps:
        if not phases or phases[-1][0] != step.phase:
            phases.append((step.phase, []))
        phases[-1][1].append(step)
    return render(request, "guidance/digid_case.html", {"case": case, "phases": phases, "labels": _labels()})


# --------------------------------------------------------------------------- the waaier


@role_required(DESK_ROLES)
def card_list(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    today = timezone.localdate()
    groups: list[tuple[str, str, list[selectors.CardView]]] = []
    for view in selectors.card_views(scope=scope):
        if not groups or groups[-1][0] != view.card.topic:
            groups.append((view.card.topic, str(Topic(view.card.topic).label), []))
        groups[-1][2].append(view)
    due_count = sum(1 for _topic, _label, views in groups for view in views if view.is_due(today))
    return render(
        request,
        "guidance/card_list.html",
        {
            "groups": groups,
            "due_count": due_count,
            "can_edit": request.user.role in COORDINATOR_ROLES,
            "form": SearchForm(),
        },
    )


def _card_or_404(scope: Scope, slug: str) -> selectors.CardView:
    try:
        return selectors.card_view_get(scope=scope, slug=slug)
    except Card.DoesNotExist:
        raise Http404 from None


@role_required(DESK_ROLES)
def card_detail(request: AuthedRequest, slug: str) -> HttpResponse:
    scope = Scope.for_user(request.user)
    view = _card_or_404(scope, slug)
    return render(
        request,
        "guidance/card_detail.html",
        {
            "view": view,
            "local_services": services_for_topic(scope=scope, topic=view.card.topic),
            "version": view.current,
            "today": timezone.localdate(),
            "labels": _labels(),
            "can_edit": request.user.role in COORDINATOR_ROLES,
        },
    )


@role_required(DESK_ROLES)
def card_history(request: AuthedRequest, slug: str) -> HttpResponse:
    scope = Scope.for_user(request.user)
    view = _card_or_404(scope, slug)
    return render(
        request,
        "guidance/card_history.html",
        {"view": view, "versions": selectors.card_history(scope=scope, card=view.card)},
    )


@role_required(DESK_ROLES)
def card_version(request: AuthedRequest, slug: str, version_id: int) -> HttpResponse:
    scope = Scope.for_user(request.user)
    version = get_object_or_404(
        selectors.card_history(scope=scope, card=_card_or_404(scope, slug).card), pk=version_id
    )
    return render(
        request,
        "guidance/card_version.html",
        {"version": version, "card": version.card, "today": timezone.localdate(), "labels": _labels()},
    )


@role_required(COORDINATOR_ROLES)
@require_http_methods(["GET", "POST"])
def card_edit(request: AuthedRequest, slug: str) -> HttpResponse:
    scope = Scope.for_user(request.user)
    view = _card_or_404(scope, slug)
    if request.method == "POST":
        form = CardVersionForm(request.POST)
        if form.is_valid():
            version = services.card_version_create(
                scope=scope,
                actor=request.user,
                card=view.card,
                text=form.card_text(),
                note=form.cleaned_data["note"].strip(),
            )
            messages.success(
                request,
                _("Saved as version %(number)s of your library.") % {"number": version.number},
            )
            return redirect("guidance:card_detail", slug=slug)
    else:
        form = CardVersionForm(initial=CardVersionForm.initial_from(view.current))
    return render(request, "guidance/card_edit.html", {"view": view, "form": form, "labels": _labels()})


@role_required(COORDINATOR_ROLES)
def cards_due(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    due = selectors.cards_due(scope=Scope.for_user(request.user), today=today)
    return render(request, "guidance/cards_due.html", {"due": due, "today": today})
