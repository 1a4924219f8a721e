import pytest

from baken.registrations.models import Contact


@pytest.mark.django_db
def test_smoke(client_for):
    c = client_for("medewerker.aanzee")
    r = c.get("/balie/")
    assert r.status_code == 200, r.content[:3000]
    html = r.content.decode()
    import re

    key = re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)
    branch = re.search(r'<option value="(\d+)" selected', html).group(1)
    data = {
        "idempotency_key": key,
        "question_count": "1",
        "branch": branch,
        "date": "2025-01-01",
        "hour": "10",
        "channel": "balie",
        "duration": "5_15",
        "outcome": "geholpen",
        "q1-topic": "digid",
        "q1-helps": ["meekijken"],
        "action": "save",
    }
    from django.utils import timezone

    data["date"] = timezone.localdate().isoformat()
    r = c.post("/registraties/contact/", data)
    assert r.status_code == 302, r.content.decode()[:5000]
    r = c.post("/registraties/contact/", data)
    assert Contact.objects.count() == 1
    r = c.get("/balie/")
    assert "Contact geregistreerd" in r.content.decode() or "Contact registered" in r.content.decode()
    for url in [
        "/registraties/turven/",
        "/registraties/contacten/1/",
        "/registraties/contacten/1/wijzigen/",
        "/balie/?vorige=1",
    ]:
        assert c.get(url).status_code == 200, url
    co = client_for("coordinator.aanzee")
    for url in [
        "/registraties/contacten/",
        "/registraties/overzicht/",
        "/registraties/overzicht/?branch=%s&period=week&date=%s" % (branch, data["date"]),
        "/registraties/onderwerpen/",
        "/registraties/export/contacten.csv",
        "/registraties/export/contacten.xlsx",
    ]:
        r = co.get(url)
        assert r.status_code == 200, (url, r.content.decode()[:3000])
