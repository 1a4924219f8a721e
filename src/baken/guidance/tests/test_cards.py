"""The waaier in the database: national set from cards.toml, library versions on top, append-only history."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from baken.core.models import AuditEvent, Library
from baken.core.scope import Level, Scope
from baken.guidance import selectors
from baken.guidance.content import load_cards
from baken.guidance.demo import DEMO_LOCAL_CARD
from baken.guidance.models import Card, CardVersion
from baken.guidance.services import cards_load_national

CARD = "digid-kwijt"


def edit_data(**overrides):
    data = {
        "title": "DigiD kwijt (Aan Zee)",
        "question": "Ik weet mijn wachtwoord niet meer.",
        "can_do": "Ga naar digid.nl.\nKies 'Wachtwoord vergeten'.",
        "pages": "DigiD | https://www.digid.nl",
        "partners": "Digicafé Zeestad",
        "refer_when": "De bezoeker vertrouwt het niet: helpdesk DigiD.",
        "keywords": "wachtwoord vergeten",
        "review_date": (timezone.localdate() + dt.timedelta(days=180)).strftime("%d-%m-%Y"),
        "note": "Eigen Digicafé toegevoegd.",
    }
    data.update(overrides)
    return data


def scope_of(slug):
    return Scope(Level.LIBRARY, library_id=Library.objects.get(slug=slug).pk)


def test_demo_loads_the_whole_national_set(demo):
    assert Card.objects.count() == len(load_cards()) >= 20
    assert CardVersion.objects.filter(library__isnull=True).count() == len(load_cards())


def test_load_cards_is_idempotent(demo, capsys):
    before = CardVersion.objects.count()
    call_command("load_cards")
    assert CardVersion.objects.count() == before
    assert "nieuwe versies: 0" in capsys.readouterr().out


def test_a_higher_version_in_the_file_appends_a_national_version(demo):
    from dataclasses import replace

    cards = tuple(
        replace(c, version=c.version + 1, title=c.title + " (nieuw)") if c.slug == CARD else c
        for c in load_cards()
    )
    report = cards_load_national(cards=cards)
    assert report.versions_created == [f"{CARD} v2"]
    assert CardVersion.objects.filter(card__slug=CARD, library__isnull=True).count() == 2


def test_changed_text_with_the_same_number_is_a_conflict_and_changes_nothing(demo):
    from dataclasses import replace

    cards = tuple(replace(c, title="Anders") if c.slug == CARD else c for c in load_cards())
    report = cards_load_national(cards=cards)
    assert report.conflicts and not report.versions_created
    assert CardVersion.objects.get(card__slug=CARD, library__isnull=True).title != "Anders"


def test_versions_are_append_only(demo):
    version = CardVersion.objects.filter(library__isnull=True)[0]
    version.title = "changed"
    with pytest.raises(ValueError, match="append-only"):
        version.save()
    with pytest.raises(ValueError, match="append-only"):
        version.delete()


def test_coordinator_edit_adds_a_library_version_and_keeps_the_national_text(client_for):
    national = CardVersion.objects.get(card__slug=CARD, library__isnull=True)
    client = client_for("coordinator.aanzee")
    response = client.post(f"/wegwijzer/waaier/{CARD}/bewerken/", edit_data())
    assert response.status_code == 302
    assert response["Location"] == f"/wegwijzer/waaier/{CARD}/"
    local = CardVersion.objects.get(card__slug=CARD, library__slug="aanzee")
    assert local.number == 1
    assert local.based_on == national
    assert local.partners == ["Digicafé Zeestad"]
    assert local.pages == [{"title": "DigiD", "url": "https://www.digid.nl"}]
    assert local.actions == national.actions
    national.refresh_from_db()
    assert national.title != local.title
    event = AuditEvent.objects.get(action="create", target=f"guidance.cardversion:{local.pk}")
    assert event.detail == {"card": CARD, "version": 1}
    # A second edit appends; the first stays.
    client.post(f"/wegwijzer/waaier/{CARD}/bewerken/", edit_data(title="Tweede versie"))
    assert list(
        CardVersion.objects.filter(card__slug=CARD, library__slug="aanzee").values_list("number", "title")
    ) == [(2, "Tweede versie"), (1, "DigiD kwijt (Aan Zee)")]


def test_desk_staff_see_their_librarys_version_and_the_national_base(client_for):
    client_for("coordinator.aanzee").post(f"/wegwijzer/waaier/{CARD}/bewerken/", edit_data())
    aanzee = client_for("medewerker.aanzee").get(f"/wegwijzer/waaier/{CARD}/").content.decode()
    assert "DigiD kwijt (Aan Zee)" in aanzee
    assert "Versie 1 van uw bibliotheek" in aanzee
    assert "De landelijke tekst (versie 1)" in aanzee
    rivierenland = client_for("medewerker.rivierenland").get(f"/wegwijzer/waaier/{CARD}/").content.decode()
    assert "DigiD kwijt (Aan Zee)" not in rivierenland
    assert "Digicafé Zeestad" not in rivierenland
    assert "Landelijke versie 1" in rivierenland


def test_other_library_cannot_see_or_open_aan_zees_versions(client_for):
    local = CardVersion.objects.get(card__slug=DEMO_LOCAL_CARD, library__slug="aanzee")
    url = f"/wegwijzer/waaier/{DEMO_LOCAL_CARD}/versies/{local.pk}/"
    assert client_for("medewerker.aanzee").get(url).status_code == 200
    assert client_for("medewerker.rivierenland").get(url).status_code == 404
    assert client_for("coordinator.rivierenland").get(url).status_code == 404
    history = client_for("coordinator.rivierenland").get(f"/wegwijzer/waaier/{DEMO_LOCAL_CARD}/versies/")
    assert f"/versies/{local.pk}/" not in history.content.decode()


def test_other_library_editing_makes_its_own_version_never_touches_aan_zees(client_for):
    aanzee = CardVersion.objects.get(card__slug=DEMO_LOCAL_CARD, library__slug="aanzee")
    client_for("coordinator.rivierenland").post(f"/wegwijzer/waaier/{DEMO_LOCAL_CARD}/bewerken/", edit_data())
    mine = CardVersion.objects.get(card__slug=DEMO_LOCAL_CARD, library__slug="rivierenland")
    assert mine.number == 1
    assert CardVersion.objects.get(pk=aanzee.pk).title == aanzee.title


def test_version_of_another_card_slug_is_404(client_for):
    local = CardVersion.objects.get(card__slug=DEMO_LOCAL_CARD, library__slug="aanzee")
    assert (
        client_for("medewerker.aanzee").get(f"/wegwijzer/waaier/{CARD}/versies/{local.pk}/").status_code
        == 404
    )


def test_unknown_card_is_404(client_for):
    assert client_for("medewerker.aanzee").get("/wegwijzer/waaier/bestaat-niet/").status_code == 404


def test_desk_staff_may_not_edit(client_for):
    response = client_for("medewerker.aanzee").post(f"/wegwijzer/waaier/{CARD}/bewerken/", edit_data())
    assert response.status_code == 403
    assert not CardVersion.objects.filter(card__slug=CARD, library__isnull=False).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Dit veld is vereist."),
        ("pages", "DigiD http://www.digid.nl", "https://adres"),
        ("review_date", "gisteren", "dag-maand-jaar"),
        ("review_date", "01-01-2020", "in de toekomst"),
        ("can_do", "\n \n", "Dit veld is vereist."),
        ("note", "", "Dit veld is vereist."),
    ],
)
def test_invalid_edit_shows_dutch_errors_and_stores_nothing(client_for, field, value, message):
    before = CardVersion.objects.count()
    response = client_for("coordinator.aanzee").post(
        f"/wegwijzer/waaier/{CARD}/bewerken/", edit_data(**{field: value})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-error-summary" in body
    assert message in body
    assert CardVersion.objects.count() == before


def test_cards_past_review_date_are_listed_for_the_coordinator(client_for):
    today = timezone.localdate()
    due = selectors.cards_due(scope=scope_of("aanzee"), today=today)
    assert all(view.current.review_date <= today for view in due)
    # Aan Zee's own DigiD card has a future review date, so only the other library still has it due.
    assert DEMO_LOCAL_CARD not in {view.card.slug for view in due} or today >= dt.date(2027, 6, 1)
    body = client_for("coordinator.aanzee").get("/wegwijzer/waaier/controleren/").content.decode()
    for view in due:
        assert f"/wegwijzer/waaier/{view.card.slug}/bewerken/" in body
    client_for("coordinator.aanzee").post(f"/wegwijzer/waaier/{CARD}/bewerken/", edit_data())
    after = {view.card.slug for view in selectors.cards_due(scope=scope_of("aanzee"), today=today)}
    assert CARD not in after


def test_card_list_groups_by_topic_and_marks_local_versions(client_for):
    body = client_for("medewerker.aanzee").get("/wegwijzer/waaier/").content.decode()
    assert body.count('href="/wegwijzer/waaier/') >= len(load_cards())
    assert "versie van uw bibliotheek" in body
    assert "DigiD: aanvragen" in body or 'id="topic-digid"' in body


def test_card_search_finds_by_title_and_by_library_keywords(demo):
    aanzee = selectors.search(scope=scope_of("aanzee"), query="activeringscode")
    assert DEMO_LOCAL_CARD in [match.slug for match in aanzee.cards]
    toeslag = selectors.search(scope=scope_of("rivierenland"), query="zorgtoeslag aanvragen")
    assert toeslag.cards
    assert all(match.score >= 1.0 for match in toeslag.cards)


def test_card_is_linked_from_the_answer_of_its_action(client_for):
    body = client_for("medewerker.aanzee").get("/wegwijzer/mag-ik-dit/bsn_invoeren/").content.decode()
    assert f'href="/wegwijzer/waaier/{DEMO_LOCAL_CARD}/"' in body


def test_only_coordinators_are_offered_the_edit_link(client_for):
    edit = f'href="/wegwijzer/waaier/{CARD}/bewerken/"'
    assert edit in client_for("coordinator.aanzee").get(f"/wegwijzer/waaier/{CARD}/").content.decode()
    assert edit not in client_for("medewerker.aanzee").get(f"/wegwijzer/waaier/{CARD}/").content.decode()
    assert (
        "/wegwijzer/waaier/controleren/"
        not in client_for("vrijwilliger.aanzee").get("/wegwijzer/waaier/").content.decode()
    )
