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
from ninja import Field, File, Form, NinjaAPI, Query, Schema
from ninja import Status as Reply
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth

from bettercare.web import access, decisions
from bettercare.web.assurance import (
    CorrectionRefused,
    compare_versions,
    corrected_plan,
    standing_corrections,
)
from bettercare.web.models import ApiToken, Area, AuditEntry, Status, Version
from bettercare.web.national import national_page
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


class NationalQuery(Schema):
    region: str = ""
    round: str = Field("", description="Default: the latest round with a plan.")
    category: str = ""


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


class CategoryIn(Schema):
    category: str
    reason: str
    seq: int = 0


class FindingIn(Schema):
    code: str = Field(description="A check of the framework's catalogue (`/catalogue`).")
    severity: str = Field("", description="Empty: the catalogue's severity.")
    line: int | None = Field(None, description="A line of the plan quoted as evidence.")
    reason: str = Field(description="Why; it becomes the finding's message.")


class ActionIn(Schema):
    risk: str
    status: str = Field("", description="One of the framework's statuses; empty: unchanged.")
    target_date: str = Field("", description="YYYY-MM-DD; empty: unchanged.")
    notes: str = Field(description="The evidence notes (the reason for the update).")
    seq: int = 0


class AnswerIn(Schema):
    risk: str
    response: str = Field(description="The plan lead's answer to the action.")
    seq: int = 0


class ActionOut(Schema):
    risk: str
    priority: int
    title: str
    action: str
    owner: str
    severity: str
    status: str
    target_date: dt.date
    discussion_notes: str
    response: str
    seq: int = Field(description="Send it back with an update or an answer.")


class Standing(Schema):
    target: str
    seq: int
    decided: str
    reason: str
    by: str
    at: dt.datetime


class DecisionsOut(Schema):
    """The decisions that stand on a version, each with the `seq` an update must send."""

    corrections: list[Standing]
    reviews: list[Standing]
    category: Standing | None
    actions: list[Standing]


class HistoryOut(Schema):
    when: dt.datetime
    who: str
    what: str
    target: str
    before: Any
    after: Any


class CheckOut(Schema):
    code: str
    title: str
    risk: str
    severity: str


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


def _decide(
    request: HttpRequest,
    pk: int,
    run: Any,
    allowed: Any = access.can_assure,
    refusal: str = "You may not assure this plan.",
) -> Reply[Any]:
    found = access.version_for(request.user, pk)
    if not allowed(request.user, found):
        return Reply(403, {"detail": refusal})
    try:
        run(found)
    except decisions.StaleEdit as stale:
        return Reply(409, {"detail": str(stale)})
    except decisions.DecisionRefused as refused:
        return Reply(400, {"detail": str(refused)})
    found.refresh_from_db()
    return Reply(200, _out(found))


DECIDED = {200: VersionOut, 400: Problem, 403: Problem, 404: Problem, 409: Problem}


@api.post(
    "/versions/{pk}/corrections",
    response=DECIDED,
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
    response=DECIDED,
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


@api.post(
    "/versions/{pk}/category",
    response=DECIDED,
    summary="Set the category in place of the rules' one (the plan is assessed again)",
)
def set_category(request: HttpRequest, pk: int, body: CategoryIn) -> Reply[Any]:
    return _decide(
        request,
        pk,
        lambda v: decisions.set_category(request.user, v, body.category, body.reason, body.seq),
    )


@api.post(
    "/versions/{pk}/findings",
    response=DECIDED,
    summary="Add a finding the checks did not raise, from the framework's catalogue",
)
def add_finding(request: HttpRequest, pk: int, body: FindingIn) -> Reply[Any]:
    line = "" if body.line is None else str(body.line)
    return _decide(
        request,
        pk,
        lambda v: decisions.add_finding(
            request.user, v, body.code, body.severity, line, body.reason
        ),
    )


@api.post(
    "/versions/{pk}/actions",
    response=DECIDED,
    summary="Record progress on an action: status, target date, evidence notes",
)
def update_action(request: HttpRequest, pk: int, body: ActionIn) -> Reply[Any]:
    return _decide(
        request,
        pk,
        lambda v: decisions.update_action(
            request.user, v, body.risk, body.status, body.notes, body.seq, body.target_date
        ),
        access.can_update_actions,
        "You may not update this plan's actions.",
    )


@api.post(
    "/versions/{pk}/answers",
    response=DECIDED,
    summary="The plan lead's answer to an action",
)
def answer_action(request: HttpRequest, pk: int, body: AnswerIn) -> Reply[Any]:
    return _decide(
        request,
        pk,
        lambda v: decisions.respond_to_action(request.user, v, body.risk, body.response, body.seq),
        access.can_answer_actions,
        "Only the area's plan lead answers its actions.",
    )


@api.get(
    "/versions/{pk}/actions",
    response={200: list[ActionOut], 404: Problem},
    summary="The action plan, with progress, the plan lead's answers and each row's seq",
)
def list_actions(request: HttpRequest, pk: int) -> list[ActionOut]:
    found = _read(request, pk)
    standing = {row.risk: row for row in found.action_updates.order_by("pk")}
    rows = []
    for action in (found.assessment or {}).get("actions", []):
        row = standing.get(action["risk"])
        rows.append(
            ActionOut(
                **{k: action[k] for k in ("risk", "priority", "title", "action", "owner")},
                severity=action["severity"],
                status=action["status"],
                target_date=action["target_date"],
                discussion_notes=action.get("discussion_notes", ""),
                response=row.response if row else "",
                seq=row.seq if row else 0,
            )
        )
    return rows


def _standing(target: str, row: Any) -> Standing:
    return Standing(
        target=target,
        seq=row.seq,
        decided=decisions.describe(row),
        reason=row.reason,
        by=row.by.get_username() if row.by else "",
        at=row.at,
    )


def _latest_rows(rows: Any, key: str) -> list[Standing]:
    latest: dict[str, Any] = {}
    for row in rows.select_related("by").order_by("pk"):
        latest[getattr(row, key)] = row
    return [_standing(target, row) for target, row in sorted(latest.items())]


@api.get(
    "/versions/{pk}/decisions",
    response={200: DecisionsOut, 404: Problem},
    summary="The decisions that stand, each with its seq (send it with the next change)",
)
def standing_decisions(request: HttpRequest, pk: int) -> DecisionsOut:
    found = access.version_for(request.user, pk)
    category = found.categories.select_related("by").order_by("pk").last()
    return DecisionsOut(
        corrections=_latest_rows(found.corrections, "pointer"),
        reviews=_latest_rows(found.reviews, "finding"),
        category=_standing("category", category) if category is not None else None,
        actions=_latest_rows(found.action_updates, "risk"),
    )


@api.get(
    "/versions/{pk}/history",
    response={200: list[HistoryOut], 404: Problem},
    summary="Every change to the version: who, when, what, before and after",
)
def history(request: HttpRequest, pk: int) -> list[HistoryOut]:
    found = access.version_for(request.user, pk)
    entries = AuditEntry.objects.filter(version=found).order_by("-when", "-pk")
    return [
        HistoryOut(
            when=e.when,
            who=e.who_name,
            what=e.what,
            target=e.target,
            before=e.before,
            after=e.after,
        )
        for e in entries
    ]


@api.get(
    "/versions/{pk}/catalogue",
    response={200: list[CheckOut], 404: Problem},
    summary="The framework's catalogue of findings an assurer may add to this plan",
)
def catalogue(request: HttpRequest, pk: int) -> list[CheckOut]:
    from bettercare.frameworks import load_framework

    found = _read(request, pk)
    framework = load_framework((found.plan or {})["framework"])
    return [
        CheckOut(code=c.code, title=c.title, risk=c.risk, severity=c.severity)
        for c in sorted(framework.checks, key=lambda c: c.code)
    ]


@api.get(
    "/versions/{pk}/compare/{other}",
    response={200: dict[str, Any], 404: Problem},
    summary="Two versions of one submission compared (as `bettercare diff`, older first)",
)
def compare(request: HttpRequest, pk: int, other: int) -> dict[str, Any]:
    old, new = access.version_pair(request.user, pk, other)
    result: dict[str, Any] = compare_versions(old, new).model_dump(mode="json")
    return {"old_version": old.pk, "new_version": new.pk, **result}


@api.get(
    "/national",
    response=dict[str, Any],
    summary="The national roll-up (as `bettercare national`) of the latest version of each "
    "submission you may see",
)
def national(request: HttpRequest, filters: Query[NationalQuery]) -> dict[str, Any]:
    from bettercare.web.views import national_areas

    page = national_page(
        access.visible_versions(request.user), filters.dict(), national_areas(request.user)
    )
    result: dict[str, Any] = page.rollup.model_dump(mode="json")
    result["filters"] = page.query
    result["missing_areas"] = [m.model_dump(mode="json") for m in page.missing]
    return result
