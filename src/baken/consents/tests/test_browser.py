"""The consent form in a real browser: accessible (axe), signature drawn on the canvas is stored."""

import pytest

from baken.consents.models import ConsentRecord, Manner
from baken.testing.browser import axe_violations, describe_violations

pytestmark = pytest.mark.browser


def test_signature_on_the_tablet_is_saved_and_the_page_is_accessible(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/toestemming/nieuw/?ontvanger=Welzijn%20Zeestad")
    canvas = page.locator("[data-signature-canvas]")
    canvas.wait_for(state="visible")
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)

    page.fill("#id_purpose", "Zodat Welzijn Zeestad u kan bellen over uw vraag")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 40)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 60, steps=5)
    page.mouse.move(box["x"] + 220, box["y"] + 30, steps=5)
    page.mouse.up()
    assert page.input_value("[data-signature-data]").startswith("data:image/png;base64,")
    page.click("#consent-form button[type=submit]")
    page.wait_for_url("**/toestemming/*/")
    record = ConsentRecord.objects.latest("pk")
    assert record.manner == Manner.TABLET
    assert record.recipient == "Welzijn Zeestad"
    assert record.signature.startswith(b"\x89PNG")
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_paper_choice_hides_the_canvas_and_errors_are_accessible(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/toestemming/nieuw/")
    page.check("input[name=manner][value=papier]")
    page.locator("[data-signature]").wait_for(state="hidden")
    page.click("#consent-form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)
