"""Figures pages in Chromium with axe: pages the crawler cannot reach by links, and the kiosk on a tablet."""

from __future__ import annotations

import pytest

from baken.core.models import Branch
from baken.testing.browser import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def _no_violations(page):
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_gemeente_dashboard_filters_report_and_funding(page, live_server, browser_login):
    browser_login(page, "gemeente.zeestad")
    page.goto(f"{live_server.url}/rapportage/?period=year&topic=digid")
    assert page.locator("svg.chart title").count() > 3
    _no_violations(page)
    page.goto(f"{live_server.url}/rapportage/?period=custom&start=2025-05-01&end=2025-01-01")
    page.wait_for_selector("[data-error-summary]")
    _no_violations(page)
    library = Branch.objects.get(slug="zeestad-centrum").library
    page.goto(f"{live_server.url}/rapportage/kwartaalrapport/{library.pk}/2025/2/")
    assert "Kwartaalrapport" in page.title()
    _no_violations(page)
    page.goto(f"{live_server.url}/rapportage/financiering/")
    page.get_by_role("link", name="2025").first.click()
    page.fill("#id_reserve-amount", "999999")
    page.get_by_role("button", name="Reserve opslaan").click()
    page.wait_for_selector("[data-error-summary]")
    assert "25 %" in page.content()
    _no_violations(page)


def test_survey_kiosk_on_a_tablet(browser, live_server, browser_login):
    context = browser.new_context(locale="nl-NL", viewport={"width": 768, "height": 1024}, has_touch=True)
    tablet = context.new_page()
    browser_login(tablet, "medewerker.aanzee")
    branch = Branch.objects.get(slug="zeestad-centrum")
    tablet.goto(f"{live_server.url}/rapportage/enquete/{branch.pk}/")
    assert tablet.locator("a").count() == 1  # only "Klaar"
    _no_violations(tablet)
    tablet.get_by_text("Ja").first.click()
    tablet.get_by_role("button", name="Versturen").click()
    tablet.wait_for_url("**/bedankt/")
    _no_violations(tablet)
    assert tablet.evaluate("document.documentElement.scrollWidth") <= 768
    context.close()
