"""The desk screen in a real browser: at most 5 interactions for a one-question contact, also with htmx."""

import pytest

from baken.registrations.models import Contact
from baken.testing.browser import axe_violations, describe_violations

pytestmark = pytest.mark.browser


class Counter:
    """Counts interactions that change state: clicks and key presses."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)

    def press(self, key):
        self.count += 1
        self.page.keyboard.press(key)


def test_one_question_contact_in_at_most_five_interactions(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/balie/")
    before = Contact.objects.count()
    steps = Counter(page)
    steps.click("label[for=id_q1-topic_0]")  # the branch's most used topic, a large button
    steps.click("label:has-text('Meegekeken en gecoacht')")
    steps.click("label:has-text('Vraag beantwoord')")
    steps.click("button[value=save]")
    page.wait_for_selector("[data-desk-focus]")
    assert steps.count <= 5
    assert Contact.objects.count() == before + 1
    contact = Contact.objects.latest("id")
    assert contact.questions.get().helps.get().help == "meekijken"
    assert "Contact geregistreerd." in page.inner_text("#desk-register-panel")
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def test_keyboard_only_registration(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/balie/")
    before = Contact.objects.count()
    page.focus("#id_q1-topic_0")
    page.keyboard.press("Space")
    page.focus("input[name=q1-helps][value=informatie]")
    page.keyboard.press("Space")
    page.focus("input[name=outcome][value=geholpen]")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-desk-focus]")
    assert Contact.objects.count() == before + 1


def test_works_without_javascript_and_a_double_click_stores_once(browser, live_server, browser_login):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/balie/")
    before = Contact.objects.count()
    page.click("label[for=id_q1-topic_0]")
    page.click("label:has-text('Meegekeken en gecoacht')")
    page.click("label:has-text('Vraag beantwoord')")
    page.dblclick("button[value=save]")
    page.wait_for_selector("[data-desk-focus]")
    assert Contact.objects.count() == before + 1
    context.close()


def test_refused_remark_page_is_accessible(page, live_server, browser_login):
    browser_login(page, "medewerker.aanzee")
    page.goto(f"{live_server.url}/balie/")
    page.click("label[for=id_q1-topic_0]")
    page.click("label:has-text('Meegekeken en gecoacht')")
    page.click("label:has-text('Vraag beantwoord')")
    page.click("summary:has-text('Doelgroep en opmerking')")
    page.fill("#id_remark", "BSN 111222333")
    page.click("button[value=save]")
    page.wait_for_selector("[data-error-summary]")
    assert "een BSN" in page.inner_text("[data-error-summary]")
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)
