"""Every page each demo role can reach, crawled in headless Chromium, with zero axe violations.

The crawler follows links from each role's home, so a new page is covered as soon as it is linked.
"""

import pytest

from baken.core.demo import ACCOUNTS
from baken.testing.browser import axe_violations, crawl_with_axe, describe_violations

pytestmark = pytest.mark.browser

# Pages a role must be able to reach by following links from its home (the staff register, policy,
# breaches and audit log are otherwise only reachable by typing the address).
MUST_BE_LINKED = {
    "coordinator.aanzee": [
        "/team/medewerkers/",
        "/team/beleid/wijzigen/",
        "/team/casus/",
        "/team/datalekken/",
    ],
    "privacy.aanzee": ["/team/auditlog/", "/team/datalekken/", "/team/beleid/geschiedenis/"],
    "vrijwilliger.aanzee": ["/team/beleid/", "/team/datalek-melden/"],
}


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
def test_every_reachable_page_has_no_axe_violations(page, live_server, browser_login, account):
    browser_login(page, account.username)
    result = crawl_with_axe(page, live_server.url, "/")
    assert len(result.visited) >= 2, result.visited
    assert not result.failures, "\n".join(result.failures)
    visited = " ".join(result.visited)
    for path in MUST_BE_LINKED.get(account.username, []):
        assert path in visited, (path, result.visited)


def test_public_pages_have_no_axe_violations(page, live_server, transactional_db):
    result = crawl_with_axe(page, live_server.url, "/aanmelden/")
    assert not result.failures, "\n".join(result.failures)


def test_login_error_page_is_accessible_and_focuses_summary(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/aanmelden/")
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Fout:")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_inactivity_warning_lets_user_stay_then_signs_out(page, live_server, browser_login):
    page.clock.install()
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/balie/")
    dialog = page.locator("#session-timeout-dialog")
    assert not dialog.is_visible()
    page.clock.run_for("13:30")
    dialog.wait_for(state="visible")
    assert "afgemeld" in dialog.inner_text()
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)
    page.get_by_role("button", name="Aangemeld blijven").click()
    dialog.wait_for(state="hidden")
    page.clock.run_for("15:30")
    page.wait_for_url("**/aanmelden/**")
    assert "Aanmelden" in page.content()


def test_desk_layout_works_on_a_tablet(browser, live_server, browser_login):
    context = browser.new_context(locale="nl-NL", viewport={"width": 768, "height": 1024}, has_touch=True)
    tablet = context.new_page()
    browser_login(tablet, "medewerker.aanzee")
    assert tablet.get_by_role("button", name="Afmelden").is_visible()
    width = tablet.evaluate("document.documentElement.scrollWidth")
    assert width <= 768
    context.close()
