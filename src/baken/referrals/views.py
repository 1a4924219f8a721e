"""Warm referral from the desk (phone, appointment system, consultation hour, e-mail), the partner's
one-time feedback page, and the coordinator's overview of open referrals."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from baken.consents.selectors import consent_written_choices
from baken.core import selectors as core_selectors
from baken.core.permissions import public, role_required
from baken.core.roles import COORDINATOR_ROLES, DESK_ROLES
from baken.core.scope import Scope
from baken.core.taxonomy import Topic
from baken.core.types import AuthedRequest
from baken.directory.models import Location, Service, ServiceTerm, service_terms

from . import selectors, services
from .checks import email_referral_verdict
from .forms import CountForm, EmailReferralForm, FeedbackForm
from .models import Referral, ReferralChannel, ReferralStatus
from .selectors import TokenState


def _service_or_404(request: AuthedRequest, service_id: int) -> Service:
    try:
        return selectors.service_get(scope=Scope.for_user(request.user), service_id=service_id)
    except Service.DoesNotExist as missing:
        raise Http404 from missing


def _topic_from(request: HttpRequest, service: Service) -> str:
    topic = request.GET.get("onderwerp", "")
    if topic in Topic.values:
        return topic
    topics = service_terms(service, ServiceTerm.Vocabulary.TOPIC)
    return topics[0] if topics else Topic.OVERIG


def _count_channels(service: Service, hours: list[selectors.ConsultationHour]) -> list[tuple[str, str]]:
    """The ways this referral can be counted without storing anything about the visitor."""
    offered = [
        (ReferralChannel.TELEFOON, bool(service.referral_phone)),
        (ReferralChannel.AFSPRAKENSYSTEEM, bool(service.appointment_url)),
        (ReferralChannel.SPREEKUUR, bool(hours)),
        (ReferralChannel.BINNENLOPEN, service.walk_in),
    ]
    return [(channel.value, str(channel.label)) for channel, ok in offered if ok]


@role_required(DESK_ROLES)
def start(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    context = {
        "services": selectors.service_list(scope=scope),
        "is_coordinator": request.user.role in COORDINATOR_ROLES,
    }
    return render(request, "referrals/start.html", context)


def _walk_in_places(
    service: Service, moment: datetime
) -> list[tuple[Location, tuple[datetime, datetime] | None]]:
    """Where the visitor can walk in, with the next opening of each place."""
    places = []
    for sal in service.service_at_locations.select_related("location").prefetch_related("schedules"):
        openings = [o for o in (s.next_opening(moment) for s in sal.schedules.all()) if o is not None]
        places.append((sal.location, min(openings) if openings else None))
    return places


@role_required(DESK_ROLES)
def service(request: AuthedRequest, service_id: int) -> HttpResponse:
    scope = Scope.for_user(request.user)
    the_service = _service_or_404(request, service_id)
    hours = selectors.consultation_hours(scope=scope, service=the_service)
    branches = core_selectors.branch_list(scope=scope)
    channels = _count_channels(the_service, hours)
    if request.method == "POST":
        form = CountForm(request.POST, channels=channels, branches=branches)
        if form.is_valid():
            referral = services.referral_count(
                user=request.user,
                service=the_service,
                channel=form.cleaned_data["channel"],
                topic=form.cleaned_data["topic"],
                branch=form.cleaned_data["branch"],
            )
            messages.success(
                request, _("The referral has been counted. Nothing about the visitor was stored.")
            )
            return redirect("referrals:detail", referral_id=referral.pk)
    else:
        form = CountForm(
            initial={
                "topic": _topic_from(request, the_service),
                "channel": channels[0][0] if channels else None,
            },
            channels=channels,
            branches=branches,
        )
    email_url = reverse("referrals:email", kwargs={"service_id": the_service.pk})
    moment = timezone.localtime().replace(tzinfo=None)
    context = {
        "service": the_service,
        "hours": hours,
        "hours_now": [hour for hour in hours if hour.now],
        "walk_in_places": _walk_in_places(the_service, moment) if the_service.walk_in else [],
        "form": form,
        "email_url": f"{email_url}?{urlencode({'onderwerp': _topic_from(request, the_service)})}",
    }
    return render(request, "referrals/service.html", context)


@role_required(DESK_ROLES)
def email_referral(request: AuthedRequest, service_id: int) -> HttpResponse:
    scope = Scope.for_user(request.user)
    the_service = _service_or_404(request, service_id)
    if not the_service.referral_email:
        raise Http404
    branches = core_selectors.branch_list(scope=scope)
    consents = consent_written_choices(scope=scope, user=request.user)
    consent_url = (
        reverse("consents:create")
        + "?"
        + urlencode(
            {
                "ontvanger": the_service.organization.name,
                "terug": reverse("referrals:email", kwargs={"service_id": the_service.pk}),
            }
        )
    )
    if request.method == "POST":
        form = EmailReferralForm(request.POST, branches=branches, consents=consents)
        if form.is_valid():
            referral = _queue_email(request, form, the_service)
            if referral is not None:
                return redirect("referrals:detail", referral_id=referral.pk)
    else:
        initial: dict[str, object] = {"topic": _topic_from(request, the_service)}
        chosen = request.GET.get("toestemming", "")
        if chosen.isdigit() and any(record.pk == int(chosen) for record in consents):
            initial["consent"] = int(chosen)
            initial["special_category"] = True
        form = EmailReferralForm(initial=initial, branches=branches, consents=consents)
    context = {
        "service": the_service,
        "form": form,
        "consent_url": consent_url,
        "has_consents": bool(consents),
    }
    return render(request, "referrals/email_form.html", context)


def _queue_email(request: AuthedRequest, form: EmailReferralForm, service: Service) -> Referral | None:
    """Check the rules, queue the e-mail and try to send it at once; None with form errors if refused."""
    consent = form.cleaned_data.get("consent")
    special = form.needs_written_consent
    verdict = email_referral_verdict(user=request.user, special_category=special, consent=consent)
    if verdict.refused:
        form.add_error(None, verdict.refused)
        return None
    try:
        referral = services.referral_email_create(
            user=request.user,
            service=service,
            topic=form.cleaned_data["topic"],
            branch=form.cleaned_data["branch"],
            details=services.EmailDetails(
                salutation=form.cleaned_data["salutation"],
                surname=form.cleaned_data["surname"],
                phone=form.cleaned_data["phone"],
                email=form.cleaned_data["email"],
                description=form.cleaned_data["description"],
            ),
            special_category=special,
            consent=consent,
            written_consent_required=verdict.needs_written_consent,
        )
    except services.ConsentRequired:
        categories = ", ".join(hit.category for hit in form.special_hits)
        message = _(
            "This e-mail needs a consent form signed by the visitor first. Make the consent form, then "
            "fill in this form again and choose the signed form."
        )
        if categories:
            message = (
                _("The description is about special data (%(categories)s). ") % {"categories": categories}
                + message
            )
        form.add_error("consent", message)
        return None
    sent = services.referral_outbox_send(outbox=referral.outbox, base_url=services.public_base_url())
    if sent:
        messages.success(request, _("The e-mail has been sent. Baken kept no copy of the visitor's details."))
    else:
        messages.warning(
            request,
            _(
                "The e-mail could not be sent yet. Baken tries again; if it still fails, the visitor's "
                "details are deleted within 24 hours."
            ),
        )
    return referral


@role_required(DESK_ROLES)
def detail(request: AuthedRequest, referral_id: int) -> HttpResponse:
    try:
        referral = selectors.referral_get(scope=Scope.for_user(request.user), referral_id=referral_id)
    except Referral.DoesNotExist as missing:
        raise Http404 from missing
    return render(request, "referrals/detail.html", {"referral": referral})


@role_required(COORDINATOR_ROLES)
def overview(request: AuthedRequest) -> HttpResponse:
    scope = Scope.for_user(request.user)
    context = {
        "queues": selectors.open_referrals_by_partner(scope=scope),
        "counts": selectors.referral_counts(scope=scope),
        "channel_labels": dict(ReferralChannel.choices),
        "status_labels": dict(ReferralStatus.choices),
    }
    return render(request, "referrals/overview.html", context)


def _no_index(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _closed(request: HttpRequest, state: TokenState) -> HttpResponse:
    return _no_index(render(request, "referrals/feedback_closed.html", {"state": state}, status=410))


@public
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """The partner's one-time page: no login, shows only the partner, topic and date of the referral."""
    state, link = selectors.referral_for_token(token)
    if state == TokenState.UNKNOWN or link is None:
        raise Http404
    referral = link.referral
    if state != TokenState.VALID:
        return _closed(request, state)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.referral_partner_feedback(token=token, status=form.cleaned_data["status"])
        if result.state != TokenState.VALID:
            return _no_index(
                render(request, "referrals/feedback_closed.html", {"state": result.state}, status=410)
            )
        next_url = (
            request.build_absolute_uri(reverse("referrals:feedback", kwargs={"token": result.next_token}))
            if result.next_token
            else None
        )
        return _no_index(
            render(
                request, "referrals/feedback_done.html", {"referral": result.referral, "next_url": next_url}
            )
        )
    return _no_index(render(request, "referrals/feedback.html", {"referral": referral, "form": form}))
