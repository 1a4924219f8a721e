"""The data model and the scoped selectors that figures are built on."""

import uuid
from datetime import date

import pytest

from baken.core.models import Branch
from baken.core.scope import Scope
from baken.registrations import selectors, services
from baken.registrations.models import ContactRevision
from baken.registrations.services import ContactData, QuestionData


def register(user, branch, topic="digid", helps=("meekijken",), n_questions=1):
    data = ContactData(
        branch=branch,
        date=date(2025, 3, 3),
        hour=10,
        channel="balie",
        duration="5_15",
        outcome="geholpen",
        questions=tuple(QuestionData(topic=topic, helps=helps) for _ in range(n_questions)),
    )
    return services.contact_register(actor=user, data=data, idempotency_key=uuid.uuid4())[0]


@pytest.mark.django_db
def test_question_rows_carry_branch_and_date_and_derived_codes(user_named):
    user = user_named("medewerker.aanzee")
    branch = Branch.objects.get(slug="zeestad-centrum")
    contact = register(user, branch, topic="toeslagen", helps=("informatie", "cursus"), n_questions=2)
    scope = Scope.for_user(user)
    questions = selectors.question_list(scope=scope).filter(contact=contact)
    assert questions.count() == 2
    first = questions.order_by("position")[0]
    assert (first.branch_id, first.date, first.library_id) == (branch.pk, contact.date, branch.library_id)
    assert (first.domain, first.organisation, first.bestuurslaag) == (
        "digitale_overheid",
        "belastingdienst",
        "rijk",
    )
    assert first.course_suggested
    assert selectors.question_help_list(scope=scope).filter(question__contact=contact).count() == 4
    assert ContactRevision.objects.filter(contact=contact, action="create").count() == 1


@pytest.mark.django_db
def test_other_library_sees_nothing(user_named):
    contact = register(user_named("medewerker.aanzee"), Branch.objects.get(slug="duinwijk"))
    other = Scope.for_user(user_named("medewerker.rivierenland"))
    assert not selectors.contact_list(scope=other).filter(pk=contact.pk).exists()
    assert not selectors.question_list(scope=other).filter(contact=contact).exists()
