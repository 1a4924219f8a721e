"""Every core page against every role: only the roles a page serves get in; refusals are audited."""

import pytest

from baken.core.demo import ACCOUNTS
from baken.core.models import AuditEvent

PAGES = {
    "/balie/": {"medewerker", "vrijwilliger", "coordinator"},
    "/coordinatie/": {"coordinator"},
    "/privacy/": {"privacycoordinator"},
    "/cijfers/": {"coordinator", "gemeente", "landelijk"},
    "/systeembeheer/": {"beheerder"},
    "/beheer/": {"beheerder"},
}


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
@pytest.mark.parametrize("path", list(PAGES))
def test_role_matrix(client_for, account, path):
    response = client_for(account.username).get(path)
    if account.role in PAGES[path]:
        assert response.status_code == 200, path
    elif path == "/beheer/":
        assert response.status_code == 302  # the admin sends non-beheerders to its own login
    else:
        assert response.status_code == 403
        assert "U hebt geen toegang tot deze pagina" in response.content.decode()
        assert AuditEvent.objects.filter(
            action="permission_denied", actor_username=account.username, target=path
        ).exists()


@pytest.mark.parametrize("path", [*PAGES, "/wachtwoord/"])
def test_anonymous_is_sent_to_login(client, db, path):
    response = client.get(path, follow=True)
    assert response.redirect_chain
    assert response.request["PATH_INFO"] == "/aanmelden/"


def test_not_found_page_is_dutch_and_does_not_echo_the_url(client, db):
    response = client.get("/balie/Jan-Jansen-123456782/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Pagina niet gevonden" in body
    assert "Jansen" not in body
