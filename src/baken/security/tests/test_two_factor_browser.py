"""The two-step pages in Chromium: the whole flow works and has no axe violations."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from baken.core.demo import DEMO_PASSWORD
from baken.testing.browser import axe_violations, describe_violations
from baken.testing.otp import allow_fresh_code, current_code

pytestmark = pytest.mark.browser


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, describe_violations(page.url, violations)


def sign_in_with_password(page, live_server, username):
    page.goto(f"{live_server.url}/aanmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_load_state()


def test_code_step_with_error_is_accessible(page, live_server, browser_login):
    sign_in_with_password(page, live_server, "gemeente.zeestad")
    assert "/tweestaps/code/" in page.url
    assert_accessible(page)
    page.fill("#id_code", "000000")
    page.click("#otp-form button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Fout:")
    assert_accessible(page)
    # django-otp makes the next try wait after a failure; a person waits, the test resets the delay.
    allow_fresh_code("gemeente.zeestad")
    page.fill("#id_code", current_code())
    page.click("#otp-form button[type=submit]")
    page.wait_for_url("**/cijfers/")


def test_setting_up_an_app_and_recovery_codes_are_accessible(page, live_server, browser_login):
    TOTPDevice.objects.filter(user__username="coordinator.rivierenland").delete()
    sign_in_with_password(page, live_server, "coordinator.rivierenland")
    assert "/tweestaps/instellen/" in page.url
    assert page.locator("img.qr-code").evaluate("img => img.complete && img.naturalWidth > 0")
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__username="coordinator.rivierenland", confirmed=False)
    page.fill("#id_code", f"{TOTP(device.bin_key).token():06d}")
    page.click("#otp-setup-form button[type=submit]")
    page.wait_for_url("**/tweestaps/herstelcodes/")
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    page.reload()
    assert page.locator(".recovery-codes li").count() == 0
    assert_accessible(page)
