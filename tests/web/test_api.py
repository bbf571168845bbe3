"""Step 4: the JSON API — search, the CLI's plan and assessment contracts, upload with an API
token, corrections and reviews — and schemathesis against /api/openapi.json finding no 5xx."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import redirect_stdout
from typing import Any

import pytest

from tests.web.conftest import RIVERTON, work

pytestmark = pytest.mark.django_db


def _token(username: str) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    with redirect_stdout(out):
        call_command("create_token", username, name="ci", stdout=out)
    return out.getvalue().strip()


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_scripted_upload_with_an_api_token(people: Any, areas: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from bettercare.web.models import ApiToken, Version

    token = _token("lead")
    assert len(token) > 30 and not ApiToken.objects.filter(digest=token).exists()  # hash only
    client = Client(enforce_csrf_checks=True)  # a script has no CSRF cookie: the token suffices
    part1 = SimpleUploadedFile(RIVERTON.name, RIVERTON.read_bytes())
    response = client.post(
        "/api/upload", {"area": "X00000001", "round": "2014/15", "part1": part1}, **_bearer(token)
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "queued" and body["area"] == "Riverton"
    work()
    version = Version.objects.get(pk=body["id"])
    assert version.status == "done" and version.uploaded_by == people["lead"]
    assert Client().get("/api/plans", **_bearer("not-a-token")).status_code == 401


def test_plan_and_assessment_are_the_clis_contracts(client_for: Any, riverton: Any) -> None:
    from bettercare.model import Assessment, Plan

    client = client_for("national")
    plan = Plan.model_validate(client.get(f"/api/versions/{riverton.pk}/plan").json())
    assert plan.health_and_wellbeing_board == "Riverton Health and Wellbeing Board"
    assessment = Assessment.model_validate(
        client.get(f"/api/versions/{riverton.pk}/assessment").json()
    )
    assert assessment.category == "Approved with support"


def test_search_by_area_region_round_category_and_risk(
    client_for: Any, riverton: Any, eastbrook: Any
) -> None:
    client = client_for("national")

    def areas(**query: str) -> set[str]:
        return {row["area"] for row in client.get("/api/plans", query).json()}

    assert areas() == {"Riverton", "Eastbrook"}
    assert areas(area="river") == {"Riverton"}
    assert areas(area="X00000002") == {"Eastbrook"}
    assert areas(category="Not approved") == {"Eastbrook"}
    assert areas(risk="N1") == {"Eastbrook"}
    assert areas(risk="f3") == {"Riverton"}
    assert areas(risk="N4") == {"Riverton", "Eastbrook"}
    assert areas(round="2014/15") == {"Riverton", "Eastbrook"}
    assert areas(round="2015/16") == set()
    assert areas(region="Fictional (examples)") == {"Riverton", "Eastbrook"}


def test_correct_and_review_through_the_api(client_for: Any, riverton: Any) -> None:
    client = client_for("assurer")
    url = f"/api/versions/{riverton.pk}"
    correction = {
        "pointer": "/pooled_budget/total/2015~116",
        "value": "1000",
        "reason": "misread",
        "seq": 0,
    }
    response = client.post(f"{url}/corrections", correction, content_type="application/json")
    assert response.status_code == 200 and response.json()["category"] == (
        "Approved subject to conditions"
    )
    stale = client.post(f"{url}/corrections", correction, content_type="application/json")
    assert stale.status_code == 409 and "Not saved: assurer changed this" in stale.json()["detail"]
    bad = client.post(
        f"{url}/reviews",
        {"finding": "no-such", "kind": "dismiss", "reason": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "No finding" in bad.json()["detail"]
    corrected = client.get(f"{url}/plan", {"corrected": "true"}).json()
    assert corrected["pooled_budget"]["total"]["2015/16"] == 1000
    assert client.get(f"{url}/plan").json()["pooled_budget"]["total"]["2015/16"] == 10250000


def test_category_finding_actions_and_answers_through_the_api(
    client_for: Any, riverton: Any
) -> None:
    assurer, lead = client_for("assurer"), client_for("lead")
    url = f"/api/versions/{riverton.pk}"

    def post(client: Any, what: str, body: dict[str, Any]) -> Any:
        return client.post(f"{url}/{what}", body, content_type="application/json")

    category = {"category": "Approved", "reason": "agreed at moderation", "seq": 0}
    assert post(assurer, "category", category).json()["category"] == "Approved"
    stale = post(assurer, "category", {**category, "category": "Not approved"})
    assert stale.status_code == 409 and "set the category to Approved" in stale.json()["detail"]
    assert post(assurer, "category", {**category, "category": "Nope", "seq": 1}).status_code == 400

    checks = {row["code"] for row in assurer.get(f"{url}/catalogue").json()}
    assert "metric-missing" in checks
    added = {"code": "metric-missing", "line": 3, "reason": "No DTOC metric given"}
    assert post(assurer, "findings", added).status_code == 200
    assessment = assurer.get(f"{url}/assessment").json()
    mine = [f for f in assessment["findings"] if f["id"].startswith("added:metric-missing")]
    assert [(f["message"], f["evidence"][0]["line"]) for f in mine] == [("No DTOC metric given", 3)]
    assert post(assurer, "findings", {**added, "code": "made-up"}).status_code == 400

    risk = assessment["actions"][0]["risk"]
    status = "No longer a risk – if the following action is put in place"
    progress = {"risk": risk, "status": status, "target_date": "2014-12-19", "notes": "Annex"}
    assert post(lead, "actions", {**progress, "seq": 0}).status_code == 200
    # the assurer's form still shows seq 0: refused, naming the lead's change
    stale = post(assurer, "actions", {**progress, "notes": "other", "seq": 0})
    assert stale.status_code == 409 and "Not saved: lead changed this" in stale.json()["detail"]
    bad_date = post(assurer, "actions", {**progress, "target_date": "19/12/2014", "seq": 1})
    assert bad_date.status_code == 400 and "YYYY-MM-DD" in bad_date.json()["detail"]
    answer = {"risk": risk, "response": "Tab 3 sent to the area team", "seq": 1}
    assert post(assurer, "answers", answer).status_code == 403  # the plan lead's to give
    assert post(lead, "answers", answer).status_code == 200
    assert post(lead, "answers", answer).status_code == 409
    row = next(a for a in lead.get(f"{url}/actions").json() if a["risk"] == risk)
    assert (row["status"], row["target_date"], row["discussion_notes"]) == (
        status,
        "2014-12-19",
        "Annex",
    )  # the answer kept the progress recorded before it
    assert (row["response"], row["seq"]) == ("Tab 3 sent to the area team", 2)
    standing = lead.get(f"{url}/decisions").json()
    assert standing["category"]["seq"] == 1 and standing["category"]["by"] == "assurer"
    assert [(a["target"], a["seq"]) for a in standing["actions"]] == [(risk, 2)]
    whats = [entry["what"] for entry in lead.get(f"{url}/history").json()]
    assert whats[:4] == ["answer action", "update action", "add finding", "set category"]
    html = lead.get(f"/versions/{riverton.pk}/").content.decode()
    assert "Plan lead’s answer: Tab 3 sent to the area team" in html
    assert "19 Dec 2014" in html or "Dec. 19, 2014" in html or "2014-12-19" in html


def test_openapi_document_lists_the_endpoints(client_for: Any) -> None:
    document = client_for(None).get("/api/openapi.json").json()
    paths = set(document["paths"])
    assert {
        "/api/plans",
        "/api/versions/{pk}/plan",
        "/api/versions/{pk}/assessment",
        "/api/upload",
        "/api/versions/{pk}/corrections",
        "/api/versions/{pk}/reviews",
        "/api/versions/{pk}/category",
        "/api/versions/{pk}/findings",
        "/api/versions/{pk}/actions",
        "/api/versions/{pk}/answers",
        "/api/versions/{pk}/decisions",
        "/api/versions/{pk}/history",
        "/api/versions/{pk}/catalogue",
    } <= paths


@pytest.fixture
def wsgi_requests() -> Iterator[None]:
    """Requests straight to the WSGI app inside the test's transaction: keep Django from
    closing the connection at each request's end (as its test client does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ["admin", "lead"])
def test_schemathesis_finds_no_server_error(
    role: str, riverton: Any, eastbrook: Any, wsgi_requests: None
) -> None:
    schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
    from hypothesis import HealthCheck, given, settings

    from bettercare.web.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    headers = {"Authorization": f"Bearer {_token(role)}"}
    failures: list[str] = []
    operations = 0
    seen: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            responses = [case.call(headers=headers)]
            if "pk" in (case.path_parameters or {}):  # and the same request on a real version
                case.path_parameters["pk"] = riverton.pk
                responses.append(case.call(headers=headers))
            for response in responses:
                seen.append(response.status_code)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

        run()
    assert operations >= 14
    assert seen.count(200) >= 20  # the fuzzed requests reached real plans, not only 404s
    assert not failures, "\n".join(sorted(set(failures)))
