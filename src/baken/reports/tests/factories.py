"""Helpers that register through the registrations services, exactly as the desk does."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from baken.core.models import Branch, User
from baken.core.taxonomy import Channel, Help, Topic
from baken.registrations import services
from baken.registrations.services import ContactData, QuestionData, TallyData, TallyLineData


def register(
    user: User,
    branch: Branch,
    day: date,
    topics: tuple[str, ...] = ("digid",),
    helps: tuple[str, ...] = ("meekijken",),
    channel: str = "balie",
):
    data = ContactData(
        branch=branch,
        date=day,
        hour=10,
        channel=channel,
        duration="5_15",
        outcome="geholpen",
        questions=tuple(QuestionData(topic=topic, helps=helps) for topic in topics),
    )
    return services.contact_register(actor=user, data=data, idempotency_key=uuid.uuid4())[0]


def tally(
    user: User, branch: Branch, day: date, lines: tuple[tuple[str, str, int], ...], channel: str = "balie"
):
    data = TallyData(
        branch=branch, date=day, channel=channel, lines=tuple(TallyLineData(t, h, n) for t, h, n in lines)
    )
    return services.tally_register(actor=user, data=data, idempotency_key=uuid.uuid4())[0]


def random_contacts(user: User, branches: list[Branch], start: date, n: int, seed: int = 1) -> list:
    rng = random.Random(seed)
    topics = [t for t in Topic.values[:8]]
    helps = list(Help.values)
    made = []
    for _i in range(n):
        k = rng.choice([1, 1, 1, 2, 3])
        made.append(
            register(
                user,
                rng.choice(branches),
                start + timedelta(days=rng.randrange(0, 75)),
                topics=tuple(rng.choice(topics) for _ in range(k)),
                helps=tuple(sorted(set(rng.sample(helps, rng.choice([1, 1, 2]))))),
                channel=rng.choice(Channel.values),
            )
        )
    return made
