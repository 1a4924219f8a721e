"""'Mag ik dit?' at the desk: roles, the two-step flow, the context toggles, the library-policy seam."""

import re

import pytest

from baken.core.demo import ACCOUNTS
from baken.core.models import AuditEvent
from baken.guidance import policy
from baken.guidance.engine import CATALOGUE, Policy, load_rules
from baken.guidance.themes import THEMES
from baken.guidance.views import SESSION_KEY

DESK = {"medewerker", "vrijwilliger", "coordinator"}
PAGES = {
    "/wegwijzer/mag-ik-dit/": DESK,
    "/wegwijzer/mag-ik-dit/brief_inzien/": DESK,
    "/wegwijzer/digid-casus/": DESK,
    "/wegwijzer/waaier/": DESK,
    "/wegwijzer/waaier/digid-aanvragen/": DESK,
    "/wegwijzer/waaier/digid-aanvragen/versies/": DESK,
    "/wegwijzer/waaier/controleren/": {"coordinator"},
    "/wegwijzer/waaier/digid-aanvragen/bewerken/": {"coordinator"},
}


def verdict_of(response):
    match = re.search(r'id="advice" data-verdict="(\w+)"', response.content.decode())
    assert match, "no answer card on the page"
    return match.group(1)


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
@pytest.mark.parametrize("path", list(PAGES))
def test_role_matrix(client_for, account, path):
    response = client_for(account.username).get(path)
    if account.role in PAGES[path]:
        assert response.status_code == 200, path
    else:
        assert response.status_code == 403, path
        assert AuditEvent.objects.filter(action="permission_denied", actor_username=account.username).exists()


@pytest.mark.parametrize("path", [*PAGES, "/wegwijzer/resultaten/"])
def test_anonymous_is_sent_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")


def test_search_is_refused_for_non_desk_roles(client_for):
    response = client_for("privacy.aanzee").post("/wegwijzer/zoeken/", {"vraag": "mag ik zijn BSN intikken"})
    assert response.status_code == 403


def test_desk_screen_has_the_box_and_the_menu_has_the_entries(client_for):
    body = client_for("medewerker.aanzee").get("/balie/").content.decode()
    assert 'action="/wegwijzer/zoeken/"' in body
    assert 'method="post"' in body
    assert 'href="/wegwijzer/mag-ik-dit/"' in body
    assert ">Mag ik dit?<" in body
    assert ">Waaier<" in body


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("mag ik zijn BSN intikken", "bsn_invoeren"),
        ("inloggen voor zijn vrouw", "inloggen_voor_afwezige"),
        ("Mag ik de brief van de Belastingdienst lezen?", "brief_inzien"),
    ],
)
def test_two_steps_from_the_desk_to_the_answer(client_for, words, expected):
    client = client_for("medewerker.aanzee")
    # Step 1: type the words in the box on the desk screen and submit.
    response = client.post("/wegwijzer/zoeken/", {"vraag": words})
    assert response.status_code == 303
    location = response["Location"]
    assert location == f"/wegwijzer/mag-ik-dit/{expected}/?aanwezig=ja&toestemming=geen"
    # The words are nowhere in the URL, only the code and the toggles.
    for word in words.split():
        if len(word) > 3:
            assert word.lower().strip("?") not in location.lower().replace(expected, "")
    answer = client.get(location)
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "Resultaten bij uw vraag" in body
    assert load_rules().action(expected).label in body
    verdict_of(answer)


def test_step_two_opens_another_match_from_the_results(client_for):
    client = client_for("medewerker.aanzee")
    client.post("/wegwijzer/zoeken/", {"vraag": "mag ik zijn BSN intikken"})
    others = client.session[SESSION_KEY]["actions"][1:]
    assert others
    body = client.get("/wegwijzer/mag-ik-dit/bsn_invoeren/?aanwezig=ja&toestemming=geen").content.decode()
    assert f'href="/wegwijzer/mag-ik-dit/{others[0]}/?aanwezig=ja&amp;toestemming=geen"' in body
    assert client.get(f"/wegwijzer/mag-ik-dit/{others[0]}/").status_code == 200


def test_search_returns_cards_and_actions_together(client_for):
    client = client_for("medewerker.aanzee")
    client.post("/wegwijzer/zoeken/", {"vraag": "mag ik zijn BSN intikken"})
    stored = client.session[SESSION_KEY]
    assert "bsn_invoeren" in stored["actions"]
    assert "digid-aanvragen" in stored["cards"]


def test_search_that_only_finds_cards_goes_to_the_results_page(client_for):
    client = client_for("medewerker.aanzee")
    response = client.post("/wegwijzer/zoeken/", {"vraag": "zorgtoeslag"})
    assert response.status_code == 303
    assert response["Location"] == "/wegwijzer/resultaten/"
    body = client.get("/wegwijzer/resultaten/").content.decode()
    assert "/wegwijzer/waaier/" in body


def test_typed_words_are_not_stored_or_logged(client_for):
    client = client_for("medewerker.aanzee")
    events_before = AuditEvent.objects.count()
    client.post("/wegwijzer/zoeken/", {"vraag": "mag ik het BSN van Jan Jansen intikken"})
    assert "Jansen" not in str(dict(client.session))
    assert AuditEvent.objects.count() == events_before
    assert not AuditEvent.objects.filter(detail__icontains="Jansen").exists()


def test_empty_question_gives_a_dutch_error_not_a_500(client_for):
    response = client_for("medewerker.aanzee").post("/wegwijzer/zoeken/", {"vraag": "  "})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Typ wat u wilt doen." in body
    assert "data-error-summary" in body


def test_too_long_question_gives_an_error(client_for):
    response = client_for("medewerker.aanzee").post("/wegwijzer/zoeken/", {"vraag": "a" * 201})
    assert "Gebruik hoogstens 200 tekens." in response.content.decode()


def test_nothing_found_says_so_and_keeps_the_words_out_of_the_url(client_for):
    response = client_for("medewerker.aanzee").post("/wegwijzer/zoeken/", {"vraag": "xyzzy qwerty"})
    assert response.status_code == 200
    assert "Niets gevonden" in response.content.decode()


def test_get_on_search_goes_to_the_question_page(client_for):
    response = client_for("medewerker.aanzee").get("/wegwijzer/zoeken/?vraag=bsn")
    assert response.status_code == 302
    assert response["Location"] == "/wegwijzer/mag-ik-dit/"


def test_unknown_action_is_404(client_for):
    assert client_for("medewerker.aanzee").get("/wegwijzer/mag-ik-dit/bestaat_niet/").status_code == 404


def test_every_catalogue_action_is_listed_by_theme_and_answers(client_for):
    client = client_for("medewerker.aanzee")
    body = client.get("/wegwijzer/mag-ik-dit/").content.decode()
    themed = [code for theme in THEMES for code in theme.codes]
    assert sorted(themed) == sorted(CATALOGUE)
    assert len(themed) == len(set(themed))
    for code in CATALOGUE:
        assert f'href="/wegwijzer/mag-ik-dit/{code}/"' in body
        assert client.get(f"/wegwijzer/mag-ik-dit/{code}/").status_code == 200


def test_toggles_change_the_verdict(client_for):
    client = client_for("medewerker.aanzee")
    present = client.get("/wegwijzer/mag-ik-dit/meekijken_coachen/?aanwezig=ja&toestemming=geen")
    absent = client.get("/wegwijzer/mag-ik-dit/meekijken_coachen/?aanwezig=nee&toestemming=geen")
    assert verdict_of(present) == "allowed"
    assert verdict_of(absent) == "not_allowed"
    # Consent changes the checklist: without it, getting consent is one of the conditions.
    url = "/wegwijzer/mag-ik-dit/inloggen_voor_bezoeker/?aanwezig=ja&toestemming="
    no_consent = client.get(url + "geen").content.decode()
    oral = client.get(url + "mondeling").content.decode()
    assert no_consent.count('id="condition-') == oral.count('id="condition-') + 1


def test_toggles_are_radios_in_fieldsets_reflecting_the_query(client_for):
    body = (
        client_for("medewerker.aanzee")
        .get("/wegwijzer/mag-ik-dit/brief_inzien/?aanwezig=nee&toestemming=mondeling")
        .content.decode()
    )
    assert re.search(r'<input type="radio" name="aanwezig" value="nee"[^>]*checked', body)
    assert re.search(r'<input type="radio" name="toestemming" value="mondeling"[^>]*checked', body)
    assert "<legend>Is de bezoeker erbij?</legend>" in body
    assert 'hx-get="/wegwijzer/mag-ik-dit/brief_inzien/"' in body


def test_bad_toggle_value_falls_back_with_an_error_not_a_500(client_for):
    response = client_for("medewerker.aanzee").get("/wegwijzer/mag-ik-dit/brief_inzien/?toestemming=alles")
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert verdict_of(response) == "conditional"


def test_volunteer_without_declaration_may_not_read_letters(client_for):
    volunteer = client_for("vrijwilliger.aanzee").get("/wegwijzer/mag-ik-dit/brief_inzien/")
    staff = client_for("medewerker.aanzee").get("/wegwijzer/mag-ik-dit/brief_inzien/")
    assert verdict_of(volunteer) == "not_allowed"
    assert verdict_of(staff) == "conditional"
    assert "geen getekende verklaring" in volunteer.content.decode()
    # A fixed fact of the signed-in user, not a toggle.
    assert 'name="staff_confidentiality"' not in volunteer.content.decode()


def test_a_volunteer_with_a_signed_declaration_may(client_for, user_named):
    import datetime

    volunteer = user_named("vrijwilliger.aanzee")
    # The staff register decides confidentiality (issue 7): record the signed declaration there.
    volunteer.staff_profile.declaration_signed_on = datetime.date(2026, 11, 1)
    volunteer.staff_profile.save()
    assert (
        verdict_of(client_for("vrijwilliger.aanzee").get("/wegwijzer/mag-ik-dit/brief_inzien/"))
        == "conditional"
    )


def test_the_library_rule_is_shown_apart_from_the_guideline(client_for, monkeypatch):
    seen = []

    def strict(*, library_id):
        seen.append(library_id)
        return Policy.from_codes(forbidden=["meekijken_coachen"])

    monkeypatch.setattr(policy, "policy_for_library", strict)
    body = client_for("medewerker.aanzee").get("/wegwijzer/mag-ik-dit/meekijken_coachen/").content.decode()
    assert 'data-verdict="not_allowed"' in body
    assert "data-library-rule" in body
    assert "De eigen regel van uw bibliotheek" in body
    assert "Uw bibliotheek staat niet toe: meekijken en coachen" in body
    # The guideline layer still says what the guideline says.
    guideline = body.split("De landelijke richtlijn", 1)[1].split("data-library-rule", 1)[0]
    assert "verdict--allowed" in guideline
    assert seen and all(library_id is not None for library_id in seen)


def test_without_library_rule_the_card_says_it_is_the_guideline(client_for):
    body = client_for("medewerker.aanzee").get("/wegwijzer/mag-ik-dit/meekijken_coachen/").content.decode()
    assert "data-library-rule" not in body
    assert "geen eigen regel" in body


def test_answer_card_shows_checklist_instead_and_the_nee_zeggen_script(client_for):
    client = client_for("medewerker.aanzee")
    conditional = client.get("/wegwijzer/mag-ik-dit/digid_gegevens_invoeren/").content.decode()
    assert 'class="checklist"' in conditional
    assert 'type="checkbox"' in conditional
    refused = client.get("/wegwijzer/mag-ik-dit/bsn_invoeren/").content.decode()
    assert "Mag niet" in refused
    assert "Wat u wél kunt doen" in refused
    assert "Klantgericht nee zeggen: zes stappen" in refused
    assert load_rules().action("bsn_invoeren").risk in refused.replace("&#x27;", "'")
    assert '<details class="nee-zeggen" open>' in refused
    assert refused.count('class="script__say"') == 6


def test_reading_guidance_writes_no_audit_events(client_for):
    client = client_for("medewerker.aanzee")
    before = AuditEvent.objects.count()
    client.get("/wegwijzer/mag-ik-dit/brief_inzien/")
    client.get("/wegwijzer/digid-casus/")
    client.get("/wegwijzer/waaier/digid-aanvragen/")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("code", CATALOGUE)
def test_every_action_is_two_steps_away_by_typing_its_words(client_for, code):
    client = client_for("vrijwilliger.aanzee")
    label = load_rules().action(code).label
    # Step 1: the desk box.
    response = client.post("/wegwijzer/zoeken/", {"vraag": label})
    assert response.status_code == 303
    first = client.get(response["Location"])
    if f"/mag-ik-dit/{code}/" in response["Location"]:
        verdict_of(first)
        return
    # Step 2: the action is in the results list next to the first answer.
    link = f'href="/wegwijzer/mag-ik-dit/{code}/?aanwezig=ja&amp;toestemming=geen"'
    assert link in first.content.decode()
    verdict_of(client.get(f"/wegwijzer/mag-ik-dit/{code}/?aanwezig=ja&toestemming=geen"))
