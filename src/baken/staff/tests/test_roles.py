"""Every staff-app page against every demo role: only the roles a page serves get in."""

import pytest

from baken.core.demo import ACCOUNTS
from baken.core.models import AuditEvent

PAGES = {
    "/team/medewerkers/": {"coordinator"},
    "/team/beleid/": {"medewerker", "vrijwilliger", "coordinator", "privacycoordinator"},
    "/team/beleid/wijzigen/": {"coordinator"},
    "/team/beleid/geschiedenis/": {"coordinator", "privacycoordinator"},
    "/team/datalek-melden/": {"medewerker", "vrijwilliger", "coordinator", "privacycoordinator"},
    "/team/datalekken/": {"coordinator", "privacycoordinator"},
    "/team/auditlog/": {"privacycoordinator"},
    "/team/casus/": {"coordinator"},
}


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
@pytest.mark.parametrize("path", list(PAGES))
def test_role_matrix(client_for, account, path):
    response = client_for(account.username).get(path)
    if account.role in PAGES[path]:
        assert response.status_code == 200, path
    else:
        assert response.status_code == 403
        assert AuditEvent.objects.filter(
            action="permission_denied", actor_username=account.username, target=path
        ).exists()


@pytest.mark.parametrize("path", list(PAGES))
def test_anonymous_is_sent_to_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")
