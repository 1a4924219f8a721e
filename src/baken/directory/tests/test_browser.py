"""The desk search in a real browser: type the question, find the partner, accessible (axe)."""

import pytest

from baken.testing.browser import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def test_desk_search_finds_the_formulierenbrigade_and_is_accessible(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/kaart/")
    page.fill("#id_q", "huurtoeslag formulier")
    page.click("#kaart-search button[type=submit]")
    results = page.locator("#kaart-results")
    results.get_by_role("link", name="Formulierenbrigade Zeestad", exact=True).wait_for(state="visible")
    assert results.locator(".kaart-card__title").first.inner_text() == "Formulierenbrigade Zeestad"
    assert "huurtoeslag" in page.url  # a GET search: the back button and a bookmark work
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)
