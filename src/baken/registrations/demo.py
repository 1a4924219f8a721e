"""Demo registrations: ~300 contacts over the last 8 weeks per demo library, a tally and sub-topics.

Deterministic (seeded random) and idempotent (fixed idempotency keys: a second run finds them and
stops). Written in bulk because every test that loads the demo data pays for it.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from baken.core.demo import demo_loader
from baken.core.models import Branch, Library, User
from baken.core.taxonomy import Channel, Duration, Help, Outcome, TargetGroup, Topic

from .models import Contact, ContactRevision, LocalTopic, Question, QuestionHelp, Source
from .services import QuestionData, _derived

CONTACTS_PER_LIBRARY = 300
WEEKS = 8
NAMESPACE = uuid.UUID("6f1c7c3e-2b0a-4d8e-9a51-0b4a1d2e3f40")

LOCAL_TOPICS = {
    "aanzee": [
        ("Energietoeslag gemeente Zeestad", Topic.GEMEENTE),
        ("Digitale zorgpas", Topic.ZORGVERZEKERING),
    ],
    "rivierenland": [("Dijkdorp-pas", Topic.GEMEENTE)],
}
# Rough weights of what IDO desks are asked (topics, help, outcome, channel, duration).
TOPIC_WEIGHTS = {
    Topic.DIGID: 22,
    Topic.TOESLAGEN: 14,
    Topic.BELASTINGAANGIFTE: 12,
    Topic.MIJNOVERHEID: 8,
    Topic.UITKERING: 6,
    Topic.AOW_KINDERBIJSLAG: 6,
    Topic.GEMEENTE: 6,
    Topic.ZORGVERZEKERING: 5,
    Topic.APPARAAT_ACCOUNT: 7,
    Topic.RIJBEWIJS: 3,
    Topic.STUDIEFINANCIERING: 2,
    Topic.BOETES: 2,
    Topic.ZORG_EIGEN_BIJDRAGE: 2,
    Topic.BANKZAKEN: 3,
    Topic.WONEN: 1,
    Topic.OVERIG: 1,
}
HELP_WEIGHTS = {
    Help.MEEKIJKEN: 30,
    Help.INFORMATIE: 25,
    Help.WEGWIJZEN: 15,
    Help.BRIEF_UITGELEGD: 10,
    Help.INVOEREN: 6,
    Help.KOUD_DOORVERWEZEN: 6,
    Help.WARM_DOORVERWEZEN: 4,
    Help.CURSUS: 2,
    Help.NIET_GEHOLPEN: 2,
}
OUTCOME_WEIGHTS = {
    Outcome.GEHOLPEN: 70,
    Outcome.DOORVERWEZEN: 15,
    Outcome.TERUGKOMEN: 10,
    Outcome.NIET_GEHOLPEN: 5,
}
CHANNEL_WEIGHTS = {Channel.BALIE: 70, Channel.AFSPRAAK: 15, Channel.TELEFOON: 10, Channel.EMAIL: 5}
DURATION_WEIGHTS = {
    Duration.LT5: 10,
    Duration.FROM_5_TO_15: 40,
    Duration.FROM_15_TO_30: 30,
    Duration.FROM_30_TO_60: 15,
    Duration.GT60: 5,
}


def _pick(rng: random.Random, weights: Mapping[Any, int]) -> str:
    return str(rng.choices(list(weights), weights=list(weights.values()))[0])


def _slots(branch: Branch, days: int) -> list[tuple[date, int]]:
    """(date, hour) pairs within the branch's IDO opening hours over the last ``days`` days."""
    today = timezone.localdate()
    hours = list(branch.ido_hours.all())
    slots: list[tuple[date, int]] = []
    for back in range(1, days + 1):
        day = today - timedelta(days=back)
        for period in hours:
            if period.weekday == day.weekday():
                slots.extend(
                    (day, hour)
                    for hour in range(period.opens.hour, max(period.closes.hour, period.opens.hour + 1))
                )
    return slots


def _load_library(library: Library) -> None:
    first_key = uuid.uuid5(NAMESPACE, f"{library.slug}:0")
    if Contact.objects.filter(idempotency_key=first_key).exists():
        return
    rng = random.Random(f"baken-demo-{library.slug}")
    staff = list(
        User.objects.filter(library=library, role__in=["medewerker", "vrijwilliger"]).order_by("username")
    )
    branches = list(Branch.objects.filter(library=library, has_ido=True).prefetch_related("ido_hours"))
    slots = [(branch, slot) for branch in branches for slot in _slots(branch, WEEKS * 7)]
    if not staff or not slots:
        return
    locals_ = {
        label: LocalTopic.objects.get_or_create(
            library=library, label=label, defaults={"national_topic": topic}
        )[0]
        for label, topic in LOCAL_TOPICS.get(library.slug, [])
    }
    contacts: list[Contact] = []
    plans: list[list[QuestionData]] = []
    for index in range(CONTACTS_PER_LIBRARY):
        branch, (day, hour) = rng.choice(slots)
        contacts.append(
            Contact(
                library=library,
                branch=branch,
                date=day,
                hour=hour,
                channel=_pick(rng, CHANNEL_WEIGHTS),
                duration=_pick(rng, DURATION_WEIGHTS),
                outcome=_pick(rng, OUTCOME_WEIGHTS),
                target_groups=sorted(rng.sample(list(TargetGroup.values), k=rng.choice([0, 0, 0, 1, 1, 2]))),
                source=Source.DESK,
                idempotency_key=uuid.uuid5(NAMESPACE, f"{library.slug}:{index}"),
                created_by=rng.choice(staff),
            )
        )
        questions = []
        for _n in range(rng.choices([1, 2, 3], weights=[80, 17, 3])[0]):
            topic = _pick(rng, TOPIC_WEIGHTS)
            local = next(
                (t for t in locals_.values() if t.national_topic == topic and rng.random() < 0.3), None
            )
            helps = tuple(dict.fromkeys(_pick(rng, HELP_WEIGHTS) for _h in range(rng.choice([1, 1, 2]))))
            questions.append(QuestionData(topic=topic, helps=helps, local_topic=local))
        plans.append(questions)
    Contact.objects.bulk_create(contacts)
    rows = [
        Question(contact=c, library=library, branch=c.branch, date=c.date, position=n, **_derived(q))
        for c, qs in zip(contacts, plans, strict=True)
        for n, q in enumerate(qs, start=1)
    ]
    Question.objects.bulk_create(rows)
    plan_flat = [q for qs in plans for q in qs]
    QuestionHelp.objects.bulk_create(
        QuestionHelp(question=row, library=library, branch=row.branch, date=row.date, topic=row.topic, help=h)
        for row, q in zip(rows, plan_flat, strict=True)
        for h in q.helps
    )
    ContactRevision.objects.bulk_create(
        ContactRevision(
            library=library,
            contact=c,
            actor=c.created_by,
            action=ContactRevision.Action.CREATE,
            snapshot=_snapshot(c, qs),
        )
        for c, qs in zip(contacts, plans, strict=True)
    )


def _snapshot(contact: Contact, questions: list[QuestionData]) -> dict[str, object]:
    """The same shape as services.snapshot, built in memory (no queries per contact)."""
    return {
        "branch": contact.branch_id,
        "date": contact.date.isoformat(),
        "hour": contact.hour,
        "channel": contact.channel,
        "duration": contact.duration,
        "outcome": contact.outcome,
        "target_groups": contact.target_groups,
        "remark": "",
        "deleted": False,
        "questions": [
            {
                **_derived(q),
                "local_topic": q.local_topic.pk if q.local_topic else None,
                "helps": list(q.helps),
            }
            for q in questions
        ],
    }


@demo_loader(order=40)
def load_registrations() -> None:
    for library in Library.objects.filter(slug__in=["aanzee", "rivierenland"]):
        _load_library(library)
