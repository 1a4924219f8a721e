"""The staff forms in Chromium with errors. That each role reaches the staff pages by links, with zero axe
violations, is checked by the crawl in ``core/tests/test_browser.py`` (``MUST_BE_LINKED``)."""

import pytest

from baken.testing.browser import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def _check(page):
    page.wait_for_selector("[data-error-summary]")
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_breach_report_with_personal_data_shows_an_accessible_error(page, live_server, browser_login):
    browser_login(page, "vrijwilliger.aanzee")
    page.goto(f"{live_server.url}/team/datalek-melden/")
    page.fill("#id_summary", "Mail met het BSN 111222333 naar een verkeerd adres")
    page.click("main button[type=submit]")
    _check(page)
    assert "persoonsgegevens" in page.inner_text("[data-error-summary]")


def test_policy_form_error_and_decision_form_are_accessible(page, live_server, browser_login):
    browser_login(page, "coordinator.aanzee")
    page.goto(f"{live_server.url}/team/beleid/wijzigen/")
    page.check("#id_forbidden_actions_0")
    page.check("#id_written_consent_actions_0")
    page.click("main form button[type=submit]")
    _check(page)
    page.click("[data-error-summary] a")
    assert page.evaluate("document.activeElement.id") == "id_written_consent_actions_0"
