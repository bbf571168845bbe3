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
    assert operations >= 7
    assert seen.count(200) >= 20  # the fuzzed requests reached real plans, not only 404s
    assert not failures, "\n".join(sorted(set(failures)))
