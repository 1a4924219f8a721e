"""The DigiD case page answers every step (1–24) and every question (A–H)."""

import re

from baken.guidance.content import load_digid_case


def test_case_page_lists_24_steps_with_verdicts_and_questions_a_to_h(client_for):
    body = client_for("vrijwilliger.aanzee").get("/wegwijzer/digid-casus/").content.decode()
    case = load_digid_case()
    steps = re.findall(r'<li class="case-step" id="stap-(\d+)"', body)
    assert [int(n) for n in steps] == list(range(1, 25))
    questions = re.findall(r'id="vraag-([A-H])" data-question', body)
    assert questions == list("ABCDEFGH")
    for step in case.steps:
        chunk = body.split(f'id="stap-{step.number}"', 1)[1].split("</li>", 1)[0]
        assert f"verdict--{step.verdict}" in chunk
        # Text and icon, not colour alone.
        assert {"allowed": "Mag<", "conditional": "Mag, onder voorwaarden", "not_allowed": "Mag niet"}[
            step.verdict
        ] in chunk.replace("</span>", "<").replace("  ", " ").replace("> ", ">").split('aria-hidden="true">')[
            1
        ]
        assert "Zo helpt u veilig:" in chunk
        assert "Bron:" in chunk
        for code in step.actions:
            assert f'href="/wegwijzer/mag-ik-dit/{code}/"' in chunk


def test_case_page_is_printable(client_for):
    body = client_for("medewerker.aanzee").get("/wegwijzer/digid-casus/").content.decode()
    assert "data-print" in body
    assert "guidance/guidance.css" in body
