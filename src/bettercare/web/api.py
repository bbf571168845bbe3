"""The JSON API under /api/ (django-ninja), described at /api/openapi.json.

Signed in with the site's session (and its CSRF token) or with an API token
(`Authorization: Bearer …`, made by `bettercare-web create_token USER`). The plan and
assessment endpoints return the CLI's contracts (`bettercare schema plan`, the assessment of
`bettercare assure`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import File, Form, NinjaAPI, Query, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth

from bettercare.web import access, decisions
from bettercare.web.assurance import CorrectionRefused, corrected_plan, standing_corrections
from bettercare.web.models import ApiToken, Area, Status, Version
from bettercare.web.search import search_versions
from bettercare.web.storage import UploadRefused, store_upload
from bettercare.web.tasks import read_upload


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used=timezone.now())
        request.user = row.user
        return row.user


api = NinjaAPI(
    title="bettercare assurance workspace",
    version="1",
    description=__doc__ or "",
    auth=[TokenAuth(), django_auth],
    docs_url=None,  # no documentation page that loads scripts from elsewhere
    urls_namespace="api",
)


class VersionOut(Schema):
    id: int
    area: str
    ons_code: str
    region: str
    round: str
    version: int
    status: str
    error: str
    category: str
    risk_codes: list[str]
    file: str
    uploaded_at: dt.datetime
    row_version: int


class Problem(Schema):
    detail: str


class PlanQuery(Schema):
    area: str = ""
    region: str = ""
    round: str = ""
    category: str = ""
    risk: str = ""


class CorrectionIn(Schema):
    pointer: str
    value: str
    reason: str
    seq: int = 0


class ReviewIn(Schema):
    finding: str
    kind: str
    severity: str = ""
    reason: str
    seq: int = 0


def _out(version: Version) -> VersionOut:
    area = version.submission.area
    return VersionOut(
        id=version.pk,
        area=area.name,
        ons_code=area.ons_code,
        region=area.region,
        round=version.submission.round,
        version=version.number,
        status=version.status,
        error=version.error,
        category=version.category,
        risk_codes=[code for code in version.risk_codes.split(",") if code],
        file=version.original_name,
        uploaded_at=version.uploaded_at,
        row_version=version.row_version,
    )


def _read(request: HttpRequest, pk: int) -> Version:
    found = access.version_for(request.user, pk)
    if found.status != Status.DONE:
        raise Http404("This version has not been read yet.")
    return found


@api.get("/plans", response=list[VersionOut], summary="List and search plans")
def list_plans(request: HttpRequest, filters: Query[PlanQuery]) -> list[VersionOut]:
    versions = search_versions(access.visible_versions(request.user), **filters.dict())
    return [_out(v) for v in versions[:500]]


@api.get("/versions/{pk}", response={200: VersionOut, 404: Problem}, summary="One version")
def get_version(request: HttpRequest, pk: int) -> VersionOut:
    return _out(access.version_for(request.user, pk))


@api.get(
    "/versions/{pk}/plan",
    response={200: dict[str, Any], 404: Problem},
    summary="The plan JSON as extracted (corrected=true: with corrections applied)",
)
def get_plan(request: HttpRequest, pk: int, corrected: bool = False) -> dict[str, Any]:
    found = _read(request, pk)
    assert found.plan is not None
    if not corrected:
        return found.plan
    try:
        plan = corrected_plan(found.plan, standing_corrections(found))
    except CorrectionRefused as error:  # pragma: no cover - corrections are checked when saved
        raise Http404(str(error)) from error
    result: dict[str, Any] = plan.model_dump(mode="json")
    return result


@api.get(
    "/versions/{pk}/assessment",
    response={200: dict[str, Any], 404: Problem},
    summary="The assessment that stands (with the decisions recorded)",
)
def get_assessment(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _read(request, pk).assessment or {}


@api.post(
    "/upload",
    response={201: VersionOut, 400: Problem, 403: Problem},
    summary="Upload a plan (Part 1 .txt/.docx/.pdf, optional Part 2 .xlsx)",
)
def upload(
    request: HttpRequest,
    area: Form[str],
    part1: File[UploadedFile],
    round: Form[str] = "2014/15",
    part2: File[UploadedFile] | None = None,
) -> Reply[Any]:
    areas = access.upload_areas(request.user)
    if not areas.exists():
        return Reply(403, {"detail": "You may not upload plans."})
    chosen = areas.filter(ons_code__iexact=area.strip()).first()
    if chosen is None:
        known = Area.objects.filter(ons_code__iexact=area.strip()).exists()
        return Reply(
            (403 if known else 400), {"detail": f"area {area!r}: not an area you upload for"}
        )
    try:
        version = store_upload(request.user, chosen, round, part1, part2)
    except UploadRefused as refused:
        return Reply(400, {"detail": str(refused)})
    read_upload.enqueue(version.pk)
    version.refresh_from_db()
    return Reply(201, _out(version))


def _decide(request: HttpRequest, pk: int, run: Any) -> Reply[Any]:
    found = access.version_for(request.user, pk)
    if not access.can_assure(request.user, found):
        return Reply(403, {"detail": "You may not assure this plan."})
    try:
        run(found)
    except decisions.StaleEdit as stale:
        return Reply(409, {"detail": str(stale)})
    except decisions.DecisionRefused as refused:
        return Reply(400, {"detail": str(refused)})
    found.refresh_from_db()
    return Reply(200, _out(found))


@api.post(
    "/versions/{pk}/corrections",
    response={200: VersionOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem},
    summary="Correct a field (the plan is assessed again)",
)
def correct(request: HttpRequest, pk: int, body: CorrectionIn) -> Reply[Any]:
    return _decide(
        request,
        pk,
        lambda v: decisions.correct(
            request.user, v, body.pointer, body.value, body.reason, body.seq
        ),
    )


@api.post(
    "/versions/{pk}/reviews",
    response={200: VersionOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem},
    summary="Dismiss, re-grade or restore a finding (the plan is assessed again)",
)
def review(request: HttpRequest, pk: int, body: ReviewIn) -> Reply[Any]:
    return _decide(
        request,
        pk,
        lambda v: decisions.review_finding(
            request.user, v, body.finding, body.kind, body.severity, body.reason, body.seq
        ),
    )
