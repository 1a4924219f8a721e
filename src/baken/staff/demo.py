"""Demo data of the staff app (order 10, after core): idempotent."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from baken.core.demo import demo_loader
from baken.core.models import Library, User

from . import services
from .models import BreachIncident, PolicyVersion, StaffProfile, Training, WeeklyCase

# username -> (kind, declaration signed days ago or None). The demo volunteer has NO declaration
# (docs/domain.md): Baken must stop him where the guideline says.
PROFILES = {
    "medewerker.aanzee": (StaffProfile.Kind.PAID, None),
    "vrijwilliger.aanzee": (StaffProfile.Kind.VOLUNTEER, None),
    "coordinator.aanzee": (StaffProfile.Kind.PAID, None),
    "privacy.aanzee": (StaffProfile.Kind.PAID, None),
    "medewerker.rivierenland": (StaffProfile.Kind.PAID, None),
    "coordinator.rivierenland": (StaffProfile.Kind.PAID, None),
}
TRAININGS = [
    ("medewerker.aanzee", Training.Kind.ELEARNING, 400),
    ("medewerker.aanzee", Training.Kind.SKILLS, 380),
    ("vrijwilliger.aanzee", Training.Kind.ELEARNING, 30),
    ("coordinator.aanzee", Training.Kind.ELEARNING, 700),
    ("medewerker.rivierenland", Training.Kind.ELEARNING, 200),
]
BREACH_SUMMARY = (
    "Een e-mail met een afspraakbevestiging voor een bezoeker is naar een verkeerd adres gestuurd. "
    "De ontvanger is een particulier."
)
CASES = {
    "aanzee": (
        "Brief van de Belastingdienst: eerst de vraag helder",
        "Een bezoeker kwam met een brief over een terugvordering van toeslag en wilde dat we het bedrag "
        "narekenden. We hebben samen gekeken wat er in de brief stond, uitgelegd wat een terugvordering is "
        "en een afspraak gemaakt bij de sociaal raadslieden. Tip: reken nooit zelf bedragen uit, verwijs "
        "warm door en vertel de bezoeker wat hij kan meenemen.",
    ),
    "rivierenland": (
        "DigiD-activeringscode verlopen",
        "Een bezoeker had zijn activeringscode te laat gebruikt. We hebben uitgelegd hoe hij zelf een nieuwe "
        "aanvraagt en hem gevraagd terug te komen als de brief binnen is. Tip: zet 'komt terug' bij de "
        "registratie.",
    ),
}


@demo_loader(order=10)
def load_staff() -> None:
    today = timezone.localdate()
    for username, (kind, signed_days_ago) in PROFILES.items():
        user = User.objects.get(username=username)
        signed = today - timedelta(days=signed_days_ago) if signed_days_ago is not None else None
        services.staff_profile_save(
            actor=None,
            user=user,
            kind=kind,
            declaration_signed_on=signed,
            declaration_renew_on=signed + timedelta(days=730) if signed else None,
        )
    for username, training_kind, days_ago in TRAININGS:
        user = User.objects.get(username=username)
        if not Training.objects.filter(user=user, kind=training_kind).exists():
            services.training_create(
                actor=None, user=user, kind=training_kind, completed_on=today - timedelta(days=days_ago)
            )
    for library in Library.objects.filter(slug__in=["aanzee", "rivierenland"]):
        if not PolicyVersion.objects.filter(library=library).exists():
            services.policy_version_create(
                actor=None,
                library=library,
                forbidden_actions=[],
                written_consent_actions=[],
                retention_consent_days=365,
                retention_referral_hours=24,
                inactivity_timeout_minutes=library.inactivity_timeout_minutes,
                note="Startbeleid: de richtlijn van de KB, zonder extra afspraken.",
            )
    _breach()
    _cases()


def _breach() -> None:
    aanzee = Library.objects.get(slug="aanzee")
    if BreachIncident.objects.filter(library=aanzee, summary=BREACH_SUMMARY).exists():
        return
    reporter = User.objects.get(username="medewerker.aanzee")
    discovered = timezone.now() - timedelta(days=4)
    services.breach_incident_report(
        actor=reporter, summary=BREACH_SUMMARY, discovered_at=discovered, severity="medium", notify=False
    )


def _cases() -> None:
    for slug, (title, body) in CASES.items():
        library = Library.objects.get(slug=slug)
        if WeeklyCase.objects.filter(library=library, title=title).exists():
            continue
        author = User.objects.get(username=f"coordinator.{slug}")
        services.weekly_case_post(actor=author, title=title, body=body)
