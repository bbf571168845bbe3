"""Step 3: the access-control matrix — every page and API endpoint, for every role and for
an anonymous visitor: allowed, or refused (never another area's plan)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.web.conftest import RIVERTON, ROLES

pytestmark = pytest.mark.django_db

ANON = "anonymous"
ALL = (ANON, *ROLES)
SIGNED_IN = ROLES
# who may do what, for Riverton's version (r) and Eastbrook's (e); everyone else is refused
READ_R = {"lead", "assurer", "national", "admin"}
READ_E = {"other_lead", "national", "admin"}
ASSURE_R = {"assurer", "admin"}
ACTIONS_R = {"lead", "assurer", "admin"}
UPLOAD_R = {"lead", "admin"}
ANSWER_R = {"lead", "admin"}


def _cases(
    r: int, e: int, risks: list[str], e_risk: str, r2: int
) -> list[tuple[str, str, Any, set[str], str]]:
    """(method, url, data, roles allowed, what an allowed answer is)."""
    correct = {"pointer": "/date_submitted", "value": "2014-09-20", "reason": "typo", "seq": 0}
    review = {"finding": "scheme-no-investment:C", "kind": "dismiss", "reason": "ok", "seq": 0}
    category = {"category": "Approved", "reason": "moderated", "seq": 0}
    added = {"code": "metric-missing", "severity": "", "line": "", "reason": "seen"}
    risk = risks[0]
    action = {"risk": risk, "status": "", "notes": "on it", "seq": 0}
    answer = {"risk": risks[1], "response": "we will", "seq": 0}
    api_category = json.dumps({**category, "seq": 1})  # after the page's category (seq 1)
    api_added = json.dumps({**added, "line": None})
    api_action = json.dumps({**action, "risk": risks[-1], "target_date": "2014-12-01"})
    api_answer = json.dumps({**answer, "risk": risks[3]})
    e_answer = json.dumps({**answer, "risk": e_risk, "seq": 1})  # after the page's answer
    api_correct = json.dumps({**correct, "pointer": "/date_agreed_at_hwb", "value": "2014-09-10"})
    api_review = json.dumps({**review, "finding": "metric-missing:RES"})
    return [
        ("get", "/", None, set(SIGNED_IN), "redirect"),
        ("get", "/plans/", None, set(SIGNED_IN), "ok"),
        ("get", "/national/", None, set(SIGNED_IN), "ok"),
        (
            "get",
            "/national/?region=North&round=2014/15&category=Approved",
            None,
            set(SIGNED_IN),
            "ok",
        ),
        ("get", "/upload/", None, {"lead", "other_lead", "admin"}, "ok"),
        ("get", f"/versions/{r}/", None, READ_R, "ok"),
        ("get", f"/versions/{r}/status", None, READ_R, "ok"),
        ("get", f"/versions/{r}/history", None, READ_R, "ok"),
        ("get", f"/versions/{e}/", None, READ_E, "ok"),
        ("get", f"/versions/{e}/history", None, READ_E, "ok"),
        ("get", "/versions/999999/", None, set(), "ok"),
        ("post", f"/versions/{r}/correct", correct, ASSURE_R, "redirect"),
        ("post", f"/versions/{r}/review", review, ASSURE_R, "redirect"),
        ("post", f"/versions/{r}/category", category, ASSURE_R, "redirect"),
        ("post", f"/versions/{r}/add-finding", added, ASSURE_R, "redirect"),
        ("post", f"/versions/{r}/action", action, ACTIONS_R, "redirect"),
        ("post", f"/versions/{r}/answer", answer, ANSWER_R, "redirect"),
        (
            "post",
            f"/versions/{e}/answer",
            {**answer, "risk": e_risk},
            READ_E - {"national"},
            "redirect",
        ),
        ("post", f"/versions/{e}/correct", correct, {"admin"}, "redirect"),
        ("get", f"/versions/{r}/compare/{r2}/", None, READ_R, "ok"),
        ("get", f"/versions/{r}/board-paper.pdf", None, READ_R, "ok"),
        ("get", f"/versions/{e}/board-paper.pdf", None, READ_E, "ok"),
        ("get", f"/versions/{r}/compare/{e}/", None, set(), "ok"),
        ("get", "/admin/", None, {"admin"}, "ok"),
        ("get", "/api/plans", None, set(SIGNED_IN), "ok"),
        ("get", "/api/national", None, set(SIGNED_IN), "ok"),
        ("get", f"/api/versions/{r}", None, READ_R, "ok"),
        ("get", f"/api/versions/{r}/plan", None, READ_R, "ok"),
        ("get", f"/api/versions/{r}/assessment", None, READ_R, "ok"),
        ("get", f"/api/versions/{e}/plan", None, READ_E, "ok"),
        ("get", f"/api/versions/{e}/assessment", None, READ_E, "ok"),
        ("post-json", f"/api/versions/{r}/corrections", api_correct, ASSURE_R, "ok"),
        ("post-json", f"/api/versions/{r}/reviews", api_review, ASSURE_R, "ok"),
        ("post-json", f"/api/versions/{e}/reviews", api_review, {"admin"}, "ok"),
        ("post-json", f"/api/versions/{r}/category", api_category, ASSURE_R, "ok"),
        ("post-json", f"/api/versions/{r}/findings", api_added, ASSURE_R, "ok"),
        ("post-json", f"/api/versions/{r}/actions", api_action, ACTIONS_R, "ok"),
        ("post-json", f"/api/versions/{r}/answers", api_answer, ANSWER_R, "ok"),
        ("post-json", f"/api/versions/{e}/answers", e_answer, {"other_lead", "admin"}, "ok"),
        ("get", f"/api/versions/{r}/actions", None, READ_R, "ok"),
        ("get", f"/api/versions/{r}/decisions", None, READ_R, "ok"),
        ("get", f"/api/versions/{r}/history", None, READ_R, "ok"),
        ("get", f"/api/versions/{r}/catalogue", None, READ_R, "ok"),
        ("get", f"/api/versions/{e}/actions", None, READ_E, "ok"),
        ("get", f"/api/versions/{e}/decisions", None, READ_E, "ok"),
        ("get", f"/api/versions/{e}/history", None, READ_E, "ok"),
        ("get", f"/api/versions/{r2}/compare/{r}", None, READ_R, "ok"),
        ("upload", "/api/upload", None, UPLOAD_R, "created"),
    ]


def _call(client: Any, method: str, url: str, data: Any) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, data)
    if method == "post-json":
        return client.post(url, data, content_type="application/json")
    part1 = SimpleUploadedFile(RIVERTON.name, RIVERTON.read_bytes())
    return client.post(url, {"area": "X00000001", "round": "2014/15", "part1": part1})


ALLOWED = {"ok": {200}, "redirect": {302}, "created": {201}}


def _allowed(response: Any, expected: str, url: str) -> bool:
    if response.status_code not in ALLOWED[expected]:
        return False
    if response.status_code == 302:  # a redirect to a login page is a refusal
        return "login" not in response["Location"]
    return True


def _refused(response: Any, role: str, url: str) -> bool:
    if role == ANON:
        if url.startswith("/api/"):
            return bool(response.status_code == 401)
        return response.status_code == 302 and "login" in response["Location"]
    if url.startswith("/admin/"):
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code in (403, 404)


def _second_version(version: Any) -> Any:
    """A second version of the same submission (a copy of the first's stored plan)."""
    from bettercare.web.models import Version

    copy = Version.objects.get(pk=version.pk)
    copy.pk = None
    copy.number = 2
    copy.stored_name = f"copy-{version.stored_name}"[:80]
    copy.save()
    return copy


@pytest.mark.parametrize("role", ALL)
def test_access_matrix(role: str, client_for: Any, riverton: Any, eastbrook: Any) -> None:
    client = client_for(None if role == ANON else role)
    risks = [action["risk"] for action in riverton.assessment["actions"]]
    wrong = []
    e_risk = eastbrook.assessment["actions"][0]["risk"]
    cases = _cases(riverton.pk, eastbrook.pk, risks, e_risk, _second_version(riverton).pk)
    for method, url, data, allowed, expected in cases:
        response = _call(client, method, url, data)
        if role in allowed:
            ok = _allowed(response, expected, url)
        else:
            ok = _refused(response, role, url)
            # a refusal never carries the other area's plan
            body = response.content.decode(errors="replace")
            if url.endswith(f"/{eastbrook.pk}/") or f"/{eastbrook.pk}/" in url:
                ok = ok and "Eastbrook" not in body
        if not ok:
            wanted = "allowed" if role in allowed else "refused"
            wrong.append(f"{method} {url}: {response.status_code}, {wanted} expected")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("role", "areas_listed"),
    [
        ("lead", {"Riverton"}),
        ("other_lead", {"Eastbrook"}),
        ("assurer", {"Riverton"}),
        ("national", {"Riverton", "Eastbrook"}),
        ("admin", {"Riverton", "Eastbrook"}),
    ],
)
def test_lists_show_only_the_areas_a_person_may_see(
    role: str, areas_listed: set[str], client_for: Any, riverton: Any, eastbrook: Any
) -> None:
    client = client_for(role)
    listed = {row["area"] for row in client.get("/api/plans").json()}
    assert listed == areas_listed
    html = client.get("/plans/").content.decode()
    assert {name for name in ("Riverton", "Eastbrook") if f">{name}</a>" in html} == areas_listed


def test_a_plan_lead_guessing_another_areas_plan_id_gets_404(
    client_for: Any, riverton: Any, eastbrook: Any
) -> None:
    lead = client_for("lead")
    for url in (
        f"/versions/{eastbrook.pk}/",
        f"/api/versions/{eastbrook.pk}/plan",
        f"/api/versions/{eastbrook.pk}/assessment",
    ):
        response = lead.get(url)
        assert response.status_code == 404
        assert b"Eastbrook" not in response.content and b"eastbrook" not in response.content
