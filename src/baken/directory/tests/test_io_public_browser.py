"""The public pages and the import pages in a real browser: zero axe violations, search without JavaScript,
a print layout without the search form, and the upload → preview → save flow."""

from __future__ import annotations

from pathlib import Path

import pytest

from baken.directory.models import Service
from baken.testing.browser import axe_violations, crawl_with_axe, describe_violations

pytestmark = pytest.mark.browser


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_public_pages_have_no_axe_violations(page, live_server, browser_login) -> None:
    result = crawl_with_axe(page, live_server.url, "/ido/", max_pages=40, per_route=3)
    assert any("/dienst/" in url for url in result.visited), result.visited
    assert not result.failures, "\n".join(result.failures)


def test_public_search_works_without_javascript(browser, live_server, browser_login) -> None:
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/ido/zeestad/")
    page.get_by_label("Waar zoekt u hulp bij?").fill("formulieren")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**q=formulieren**")
    assert page.get_by_role("link", name="Formulierenbrigade Zeestad").is_visible()
    page.get_by_label("Onderwerp").select_option("rechtsbijstand")
    page.get_by_label("Waar zoekt u hulp bij?").fill("")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**onderwerp=rechtsbijstand**")
    assert page.get_by_role("link", name="Juridisch advies").is_visible()
    context.close()  # (axe needs JavaScript: the crawl above checks these pages)


def test_public_page_prints_without_the_search_form(page, live_server, browser_login) -> None:
    service = Service.objects.get(name="Formulierenbrigade Zeestad")
    page.goto(f"{live_server.url}/ido/zeestad/dienst/{service.uuid}/")
    page.emulate_media(media="print")
    assert not page.locator(".page-header").is_visible()
    assert page.get_by_role("heading", name="Formulierenbrigade Zeestad").is_visible()
    page.goto(f"{live_server.url}/ido/zeestad/")
    page.emulate_media(media="print")
    assert not page.locator("form.public-search").is_visible()
    assert page.get_by_role("heading", name="Hulp bij u in de buurt").is_visible()


def test_import_flow_in_the_browser(page, live_server, browser_login, tmp_path: Path) -> None:
    browser_login(page, "coordinator.aanzee")
    page.goto(f"{live_server.url}/kaart/importeren/")
    assert_accessible(page)
    page.get_by_role("button", name="Bestand controleren").click()
    page.wait_for_selector("[data-error-summary]")
    assert_accessible(page)
    upload = tmp_path / "kaart.csv"
    upload.write_text(
        "organisatie;dienst;omschrijving;onderwerpen;dagen;van;tot;adres;plaats\n"
        "Buurtteam Zeestad;Hulp bij brieven;Wij lezen uw brief met u.;toeslagen;ma;09:00;12:00;"
        "Noordweg 5;Zeestad\n"
        "Buurtteam Zeestad;Fout;Verkeerd onderwerp.;bestaatniet;;;;;\n",
        encoding="utf-8",
    )
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="Bestand controleren").click()
    page.wait_for_url("**/kaart/importeren/controleren/")
    assert "Onbekende code" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="1 regel opslaan").click()
    page.wait_for_url("**/kaart/importeren/")
    assert "1 nieuwe dienst opgeslagen" in page.content()
    assert "1 regel had fouten" in page.content()
    assert_accessible(page)
    assert Service.objects.filter(name="Hulp bij brieven").exists()
    assert not Service.objects.filter(name="Fout").exists()
