"""Guidance in a real browser: the two-step flow from the desk screen, the htmx toggles, and axe on every
kind of guidance page (the crawler in core covers the linked pages too)."""

import re

import pytest

from baken.testing.browser import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_two_steps_from_the_desk_screen(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/balie/")
    assert_accessible(page)
    # Step 1: type everyday words in the box on the desk screen.
    page.fill("#desk-vraag", "mag ik zijn BSN intikken")
    page.locator("#desk-vraag").press("Enter")
    page.wait_for_url("**/wegwijzer/mag-ik-dit/bsn_invoeren/**")
    assert "bsn" not in page.url.lower().replace("bsn_invoeren", "")
    assert "intikken" not in page.url
    advice = page.locator("#advice")
    assert advice.get_attribute("data-verdict") == "not_allowed"
    assert "Mag niet" in advice.inner_text()
    assert page.get_by_text("Klantgericht nee zeggen: zes stappen").is_visible()
    assert_accessible(page)
    # Step 2: not the one? Open the next match from the results list.
    results = page.locator("section[aria-labelledby=found-title] ol a")
    assert results.count() >= 1
    results.first.click()
    page.wait_for_load_state()
    assert re.search(r"/wegwijzer/mag-ik-dit/\w+/", page.url)
    assert page.locator("#advice").get_attribute("data-verdict") in {"allowed", "conditional", "not_allowed"}
    assert_accessible(page)


def test_toggling_the_situation_swaps_the_answer(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/wegwijzer/mag-ik-dit/meekijken_coachen/")
    assert page.locator("#advice").get_attribute("data-verdict") == "allowed"
    page.locator("fieldset", has_text="Is de bezoeker erbij?").get_by_label("Nee").check()
    page.wait_for_selector('#advice[data-verdict="not_allowed"]')
    page.wait_for_url("**aanwezig=nee**")
    assert_accessible(page)


def test_toggles_work_without_javascript(browser, live_server, browser_login):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/wegwijzer/mag-ik-dit/meekijken_coachen/")
    page.locator("fieldset", has_text="Is de bezoeker erbij?").get_by_label("Nee").check()
    page.get_by_role("button", name="Antwoord bijwerken").click()
    page.wait_for_url("**aanwezig=nee**")
    assert page.locator("#advice").get_attribute("data-verdict") == "not_allowed"
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/wegwijzer/mag-ik-dit/",
        "/wegwijzer/mag-ik-dit/digid_gegevens_invoeren/",
        "/wegwijzer/digid-casus/",
        "/wegwijzer/waaier/",
        "/wegwijzer/waaier/digid-aanvragen/",
        "/wegwijzer/waaier/digid-aanvragen/versies/",
        "/wegwijzer/waaier/controleren/",
        "/wegwijzer/waaier/digid-kwijt/bewerken/",
    ],
)
def test_guidance_pages_have_no_axe_violations(page, live_server, browser_login, path):
    browser_login(page, "coordinator.aanzee")
    page.goto(f"{live_server.url}{path}")
    assert page.title()
    assert_accessible(page)


def test_form_errors_are_accessible(page, live_server, browser_login):
    browser_login(page, "coordinator.aanzee")
    page.goto(f"{live_server.url}/wegwijzer/mag-ik-dit/")
    page.get_by_role("button", name="Opzoeken").click()
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Fout:")
    assert_accessible(page)
    page.goto(f"{live_server.url}/wegwijzer/waaier/digid-kwijt/bewerken/")
    page.fill("#id_title", "")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    page.wait_for_selector("[data-error-summary]")
    assert_accessible(page)
