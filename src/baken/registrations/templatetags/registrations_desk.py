"""The desk's registration panel, included by core's desk page (one include, no core view changes)."""

from __future__ import annotations

from typing import Any

from django import template

from baken.core.scope import Scope

from .. import selectors
from ..desk import SESSION_CONFIRM, fresh_forms
from ..forms import MAX_QUESTIONS
from ..services import can_correct

register = template.Library()


@register.inclusion_tag("registrations/_register_panel.html", takes_context=True)
def desk_register_panel(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    scope = Scope.for_user(request.user)
    like = None
    if request.GET.get("vorige"):
        like = selectors.last_contact_of(scope=scope, user_id=request.user.pk)
    confirmed = None
    confirm_id = request.session.pop(SESSION_CONFIRM, None)
    if confirm_id is not None:
        confirmed = (
            selectors.contact_list(scope=scope).filter(pk=confirm_id).prefetch_related("questions").first()
        )
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "desk": fresh_forms(scope=scope, session=request.session, like=like),
        "confirmed": confirmed,
        "confirmed_correctable": confirmed is not None and can_correct(user=request.user, contact=confirmed),
        "prefilled": like is not None,
        "max_questions": MAX_QUESTIONS,
    }
