from django.core.management import call_command

from baken.core.demo import ACCOUNTS, DEMO_PASSWORD
from baken.core.models import Branch, Gemeente, Library, User


def counts() -> tuple[int, ...]:
    return (User.objects.count(), Library.objects.count(), Branch.objects.count(), Gemeente.objects.count())


def test_demo_is_idempotent_and_matches_the_contract(db):
    call_command("demo")
    first = counts()
    call_command("demo")
    assert counts() == first
    assert {u.username for u in User.objects.all()} == {a.username for a in ACCOUNTS}
    assert len(ACCOUNTS) == 9
    aanzee = Library.objects.get(slug="aanzee")
    assert aanzee.name == "Bibliotheek Aan Zee"
    assert {b.gemeente.name for b in aanzee.branches.all()} == {"Zeestad", "Duinwijk"}
    rivierenland = Library.objects.get(slug="rivierenland")
    assert rivierenland.name == "Bibliotheek Rivierenland"
    assert {b.gemeente.name for b in rivierenland.branches.all()} == {"Dijkdorp"}
    volunteer = User.objects.get(username="vrijwilliger.aanzee")
    assert volunteer.role == "vrijwilliger" and not volunteer.has_confidentiality
    assert User.objects.get(username="medewerker.aanzee").has_confidentiality
    gemeente = User.objects.get(username="gemeente.zeestad").gemeente
    assert gemeente is not None and gemeente.name == "Zeestad"
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)


def test_demo_logins_are_printed(db, capsys):
    call_command("demo", "--logins")
    out = capsys.readouterr().out
    for account in ACCOUNTS:
        assert account.username in out
    assert "baken-demo" in out
