"""Step 2: the plan page — values beside the plan's own lines, findings linked to their
evidence, corrections and reviews re-assessed at once from the stored plan JSON."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.web.conftest import RIVERTON, upload, work

pytestmark = pytest.mark.django_db
TOTAL_2015 = "/pooled_budget/total/2015~116"


def _page(client: Any, version: Any) -> str:
    response = client.get(f"/versions/{version.pk}/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_plan_page_shows_values_findings_and_the_plans_own_lines(
    client_for: Any, riverton: Any
) -> None:
    html = _page(client_for("lead"), riverton)
    assert "Approved with support" in html
    assert "Riverton Health and Wellbeing Board" in html
    assert "£9,870,000" in html  # money, from the plan
    for line in riverton.plan["text"][:5]:
        assert f'id="L{line["number"]}"' in html
    # the finding about scheme C quotes lines 67, 163 and 179 and links each to its anchor
    finding = html[html.index('id="finding-scheme-no-investment-c"') :]
    finding = finding[: finding.index("</li>")]
    assert re.findall(r'href="#L(\d+)"', finding) == ["67", "163", "179"]
    # a value links to the line it was read from
    assert 'href="#L11"' in html and "Riverton Borough Council" in html
    # the sign-off block as a whole is not shown as raw data nor offered for correction
    assured = _page(client_for("assurer"), riverton)
    assert "on_behalf_of" not in assured and 'value="/signatories"' not in assured
    assert 'value="/signatories/0/name"' in assured  # its fields are, one by one


def test_document_text_is_escaped(client_for: Any, areas: Any) -> None:
    from bettercare.web.models import Version

    text = RIVERTON.read_text(encoding="utf-8").replace(
        "Boundary Differences\t",
        "Boundary Differences\t<script>alert('x')</script><img src=x onerror=alert(1)> ",
        1,
    )
    lead = client_for("lead")
    upload(lead, areas["riverton"], name="hostile.txt", content=text.encode())
    work()
    version = Version.objects.get()
    assert version.status == "done"
    html = _page(lead, version)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


def _correct(client: Any, version: Any, pointer: str, value: str, reason: str, seq: int = 0) -> Any:
    return client.post(
        f"/versions/{version.pk}/correct",
        {"pointer": pointer, "value": value, "reason": reason, "seq": seq},
    )


def test_correction_reassesses_from_the_plan_json_and_keeps_the_extracted_value(
    client_for: Any, riverton: Any
) -> None:
    from bettercare.web.models import AuditEntry, Correction
    from bettercare.web.storage import stored_path

    extracted = dict(riverton.plan)
    stored_path(riverton.stored_name).unlink()  # no file is needed to re-assess
    response = _correct(client_for("assurer"), riverton, TOTAL_2015, "£1,000", "Misread total")
    assert response.status_code == 302
    riverton.refresh_from_db()
    assert riverton.category == "Approved subject to conditions"
    ids = {f["id"] for f in riverton.assessment["findings"]}
    assert "pooled-below-minimum:2015/16" in ids
    assert riverton.plan == extracted  # the extracted plan is never edited
    row = Correction.objects.get()
    assert (row.extracted, row.value, row.reason) == (10250000, 1000, "Misread total")
    entry = AuditEntry.objects.get(what="correct")
    assert entry.who_name == "assurer" and entry.before == 10250000
    assert entry.after == {"pointer": TOTAL_2015, "value": 1000, "reason": "Misread total"}
    html = _page(client_for("assurer"), riverton)
    assert "Corrected:" in html and "£1,000" in html and "£10,250,000" in html


@pytest.mark.parametrize(
    ("value", "reason", "message"),
    [
        ("£1,000", "", "Give a reason"),
        ("not a date", "typo", "not a valid value for /date_submitted"),
    ],
)
def test_bad_correction_refused_and_nothing_saved(
    client_for: Any, riverton: Any, value: str, reason: str, message: str
) -> None:
    from bettercare.web.models import Correction

    pointer = TOTAL_2015 if value.startswith("£") else "/date_submitted"
    response = _correct(client_for("assurer"), riverton, pointer, value, reason)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Correction.objects.exists()
    riverton.refresh_from_db()
    assert riverton.category == "Approved with support"


def _review(
    client: Any,
    version: Any,
    finding: str,
    kind: str,
    reason: str,
    seq: int = 0,
    severity: str = "",
) -> Any:
    return client.post(
        f"/versions/{version.pk}/review",
        {"finding": finding, "kind": kind, "severity": severity, "reason": reason, "seq": seq},
    )


def test_dismissing_and_regrading_findings_change_the_assessment(
    client_for: Any, riverton: Any
) -> None:
    assurer = client_for("assurer")
    assert (
        _review(assurer, riverton, "scheme-no-investment:C", "dismiss", "In Part 2").status_code
        == 302
    )
    riverton.refresh_from_db()
    finding = next(
        f for f in riverton.assessment["findings"] if f["id"] == "scheme-no-investment:C"
    )
    assert finding["dismissed"] and finding["review_note"] == "In Part 2"
    assert riverton.assessment["reviewed_by"] == "assurer"
    response = _review(
        assurer,
        riverton,
        "nel-reduction-below-minimum",
        "regrade",
        "Material",
        severity="Showstopper",
    )
    assert response.status_code == 302
    riverton.refresh_from_db()
    assert riverton.category == "Not approved"
    assert "Showstopper" in {r["severity"] for r in riverton.assessment["risks"]}


def test_category_decision_and_action_update(client_for: Any, riverton: Any) -> None:
    assurer, lead = client_for("assurer"), client_for("lead")
    response = assurer.post(
        f"/versions/{riverton.pk}/category",
        {"category": "Approved", "reason": "Agreed at moderation", "seq": 0},
    )
    assert response.status_code == 302
    riverton.refresh_from_db()
    assert (riverton.category, riverton.assessment["rule"]) == ("Approved", "review")
    risk = riverton.assessment["actions"][0]["risk"]
    status = "No longer a risk – if the following action is put in place"
    response = lead.post(
        f"/versions/{riverton.pk}/action",
        {"risk": risk, "status": status, "notes": "Annex sent on 1 Oct", "seq": 0},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    riverton.refresh_from_db()
    action = next(a for a in riverton.assessment["actions"] if a["risk"] == risk)
    assert (action["status"], action["discussion_notes"]) == (status, "Annex sent on 1 Oct")


def test_two_people_editing_one_finding_the_second_is_refused_and_nothing_lost(
    client_for: Any, riverton: Any
) -> None:
    from bettercare.web.models import FindingReview

    first, second = client_for("assurer"), client_for("admin")
    finding = "scheme-no-investment:C"
    # both opened the page when the finding had no review (seq 0)
    assert _review(first, riverton, finding, "dismiss", "Investment in Part 2").status_code == 302
    stale = _review(second, riverton, finding, "regrade", "Looks serious", severity="Top risk")
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Not saved: assurer changed this" in html and "dismiss scheme-no-investment:C" in html
    assert "Investment in Part 2" in html  # the other person's reason is shown
    assert "Looks serious" in html  # the refused entry is kept on the page
    assert FindingReview.objects.count() == 1
    riverton.refresh_from_db()
    assert next(f for f in riverton.assessment["findings"] if f["id"] == finding)["dismissed"]
    # having seen it, the second person saves on top of it: both decisions are kept
    again = _review(
        second, riverton, finding, "regrade", "Looks serious", seq=1, severity="Top risk"
    )
    assert again.status_code == 302
    assert list(FindingReview.objects.values_list("kind", "seq")) == [
        ("dismiss", 1),
        ("regrade", 2),
    ]


def test_the_database_refuses_a_second_decision_with_the_same_seq(
    riverton: Any, people: Any
) -> None:
    """Even if two saves pass the check at the same moment, the unique (target, seq) stops one."""
    from django.db import IntegrityError, transaction

    from bettercare.web.models import FindingReview

    FindingReview.objects.create(version=riverton, finding="x", kind="dismiss", seq=1, reason="a")
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingReview.objects.create(
            version=riverton, finding="x", kind="dismiss", seq=1, reason="b"
        )


def test_history_shows_every_change(client_for: Any, riverton: Any) -> None:
    assurer = client_for("assurer")
    _correct(assurer, riverton, TOTAL_2015, "£1,000", "Misread total")
    _review(assurer, riverton, "scheme-no-investment:C", "dismiss", "In Part 2")
    html = client_for("lead").get(f"/versions/{riverton.pk}/history").content.decode()
    for what in ("upload", "read", "correct", "review finding"):
        assert f"<td>{what}</td>" in html
    assert "Misread total" in html and "In Part 2" in html


def test_a_field_marked_for_review_is_shown_so_and_its_correction_closes_its_findings(
    client_for: Any, areas: Any
) -> None:
    from bettercare.web.models import Version

    text = RIVERTON.read_text(encoding="utf-8").replace(
        "Date submitted:\t19/09/14", "Date submitted:\tthe nineteenth of Septembr", 1
    )
    upload(client_for("lead"), areas["riverton"], name="unclear.txt", content=text.encode())
    work()
    version = Version.objects.get()
    assert version.plan["fields"]["/date_submitted"]["needs_review"] is True
    assert "item-missing:date_submitted" in {f["id"] for f in version.assessment["findings"]}
    assurer = client_for("assurer")
    html = _page(assurer, version)
    first_field = html[html.index('class="workspace-field"') :]
    first_field = first_field[: first_field.index("</li>")]
    assert "Date submitted" in first_field and ">Check</strong>" in first_field  # listed first
    assert "no date in" in first_field
    response = _correct(assurer, version, "/date_submitted", "2014-09-19", "Read from the PDF")
    assert response.status_code == 302
    version.refresh_from_db()
    ids = {f["id"] for f in version.assessment["findings"]}
    assert "item-missing:date_submitted" not in ids
    html = _page(assurer, version)
    field = html[html.index('id="field-date-submitted"') :]
    field = field[: field.index("</li>")]
    assert ">Corrected</strong>" in field and ">Check</strong>" not in field
    assert "2014-09-19" in field


def test_an_assurer_adds_a_finding_from_the_catalogue_and_may_restore_it_away(
    client_for: Any, riverton: Any
) -> None:
    assurer = client_for("assurer")
    response = assurer.post(
        f"/versions/{riverton.pk}/add-finding",
        {
            "code": "nel-reduction-below-minimum",
            "severity": "Showstopper",
            "line": "81",
            "reason": "The 2015/16 reduction is far below plan",
        },
    )
    assert response.status_code == 302
    riverton.refresh_from_db()
    added = next(f for f in riverton.assessment["findings"] if f["id"].startswith("added:"))
    assert added["id"] == "added:nel-reduction-below-minimum:1"
    assert added["severity"] == "Showstopper" and added["evidence"][0]["line"] == 81
    assert added["message"] == "The 2015/16 reduction is far below plan"
    assert riverton.category == "Not approved"
    html = _page(assurer, riverton)
    assert 'id="finding-added-nel-reduction-below-minimum-1"' in html
    bad = assurer.post(
        f"/versions/{riverton.pk}/add-finding",
        {"code": "no-such-check", "severity": "", "line": "", "reason": "x"},
    )
    assert bad.status_code == 400 and "Choose a kind of finding" in bad.content.decode()
    response = _review(assurer, riverton, added["id"], "restore", "Added in error", seq=1)
    assert response.status_code == 302
    riverton.refresh_from_db()
    assert not any(f["id"].startswith("added:") for f in riverton.assessment["findings"])
    assert riverton.category == "Approved with support"


def test_the_board_paper_pdf_is_the_plan_as_it_stands(client_for: Any, riverton: Any) -> None:
    """The workspace offers `bettercare report --pdf`'s board paper, from the stored JSON with
    the assurer's decisions applied (here a category set at moderation)."""
    import shutil
    import subprocess

    assurer = client_for("assurer")
    assert 'id="board-paper-link"' in _page(assurer, riverton)
    response = assurer.post(
        f"/versions/{riverton.pk}/category",
        {"category": "Approved", "reason": "Agreed at moderation", "seq": 0},
    )
    assert response.status_code == 302
    response = assurer.get(f"/versions/{riverton.pk}/board-paper.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is missing: the PDF's text is not checked")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Riverton" in text and "board paper" in text.lower()
    assert "Approved" in text and "Agreed at moderation" in text
