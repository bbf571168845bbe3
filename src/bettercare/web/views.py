"""The workspace's pages. Each asks `access` who may see or do what; document text reaches
the templates as plain strings (autoescaped)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bettercare.web import access, decisions, plan_page
from bettercare.web.assurance import assured, compare_versions
from bettercare.web.models import Area, AuditEntry, Status, Version
from bettercare.web.national import national_page
from bettercare.web.search import search_versions
from bettercare.web.storage import UploadRefused, store_upload
from bettercare.web.tasks import read_upload


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return redirect("plans" if request.user.is_authenticated else "login")


@login_required
@require_GET
def plans(request: HttpRequest) -> HttpResponse:
    query = {
        key: request.GET.get(key, "").strip() for key in ("area", "region", "category", "risk")
    }
    versions = search_versions(access.visible_versions(request.user), **query)[:500]
    regions = access.areas_seen(request.user).values_list("region", flat=True).distinct()
    return render(
        request,
        "web/plans.html",
        {
            "versions": versions,
            "query": query,
            "regions": sorted(set(regions)),
            "can_upload": access.can_upload(request.user),
            "role": access.role_of(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    areas = access.upload_areas(request.user)
    if not areas.exists():
        raise Http404("No such page.")
    error = None
    if request.method == "POST":
        try:
            area = areas.get(pk=int(request.POST.get("area", "0")))
        except (Area.DoesNotExist, ValueError):
            error = "Choose an area."
        else:
            part1 = request.FILES.get("part1")
            if part1 is None:
                error = "Choose the Part 1 file (.txt, .docx or .pdf)."
            else:
                try:
                    version = store_upload(
                        request.user,
                        area,
                        request.POST.get("round", ""),
                        part1,
                        request.FILES.get("part2"),
                    )
                except UploadRefused as refused:
                    error = str(refused)
                else:
                    read_upload.enqueue(version.pk)
                    return redirect("version", pk=version.pk)
    status = 400 if error else 200
    return render(request, "web/upload.html", {"areas": areas, "error": error}, status=status)


def _version_page(
    request: HttpRequest, version: Version, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        "version": version,
        "area": version.submission.area,
        "page": plan_page.build(version) if version.status == Status.DONE else None,
        "can_assure": access.can_assure(request.user, version),
        "can_update_actions": access.can_update_actions(request.user, version),
        "can_answer": access.can_answer_actions(request.user, version),
        "done": version.status == Status.DONE,
        "waiting": version.status in (Status.QUEUED, Status.READING),
        "others": version.submission.versions.exclude(pk=version.pk)
        .filter(status=Status.DONE)
        .order_by("number"),
        **extra,
    }
    return render(request, "web/version.html", context, status=status)


@login_required
@require_GET
def version(request: HttpRequest, pk: int) -> HttpResponse:
    return _version_page(request, access.version_for(request.user, pk))


@login_required
@require_GET
def version_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment htmx polls; tells htmx to reload the page once read."""
    found = access.version_for(request.user, pk)
    response = render(request, "web/status.html", {"version": found})
    if found.status not in (Status.QUEUED, Status.READING) and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


def _after_decision(
    request: HttpRequest, found: Version, anchor: str, action: Any, **entry: Any
) -> HttpResponse:
    try:
        action()
    except decisions.DecisionRefused as refused:
        status = 409 if isinstance(refused, decisions.StaleEdit) else 400
        found.refresh_from_db()
        return _version_page(request, found, status=status, error=str(refused), entry=entry)
    messages.success(request, "Saved. The plan was assessed again.")
    return redirect(reverse("version", args=[found.pk]) + f"#{anchor}")


def _permitted(request: HttpRequest, pk: int, may: Callable[[Any, Version], bool]) -> Version:
    """The version, if this person may make this kind of decision on it (else 404)."""
    found = access.version_for(request.user, pk)
    if not may(request.user, found):
        raise Http404("No such page.")
    return found


def _seq(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("seq", ""))
    except ValueError:
        raise BadRequest("the form is missing its version; reload the page") from None


Posted = dict[str, str]


def _decision(
    request: HttpRequest,
    pk: int,
    may: Callable[[Any, Version], bool],
    names: tuple[str, ...],
    anchor: Callable[[Posted], str],
    act: Callable[[Version, Posted, int], Any],
    *,
    versioned: bool = True,
) -> HttpResponse:
    """One decision form: the version if this person may decide on it, the posted fields,
    the form's `seq` (when `versioned`), then the decision and the plan assessed again — or
    the refusal, with the person's entry kept on the page."""
    found = _permitted(request, pk, may)
    posted = {name: request.POST.get(name, "") for name in names}
    seen = _seq(request) if versioned else 0
    return _after_decision(
        request, found, anchor(posted), lambda: act(found, posted, seen), **posted
    )


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        access.can_assure,
        ("pointer", "value", "reason"),
        lambda f: f"field-{plan_page.slug(f['pointer'])}",
        lambda v, f, seq: decisions.correct(
            request.user, v, f["pointer"], f["value"], f["reason"], seq
        ),
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        access.can_assure,
        ("finding", "kind", "severity", "reason"),
        lambda f: f"finding-{plan_page.slug(f['finding'])}",
        lambda v, f, seq: decisions.review_finding(
            request.user, v, f["finding"], f["kind"], f["severity"], f["reason"], seq
        ),
    )


@login_required
@require_POST
def add_finding(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        access.can_assure,
        ("code", "severity", "line", "reason"),
        lambda f: "findings-title",
        lambda v, f, _: decisions.add_finding(
            request.user, v, f["code"], f["severity"], f["line"], f["reason"]
        ),
        versioned=False,  # a new finding is a new target: nothing to be stale against
    )


@login_required
@require_POST
def category(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        access.can_assure,
        ("category", "reason"),
        lambda f: "category",
        lambda v, f, seq: decisions.set_category(request.user, v, f["category"], f["reason"], seq),
    )


@login_required
@require_POST
def action(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(
        request,
        pk,
        access.can_update_actions,
        ("risk", "status", "notes", "target_date"),
        lambda f: f"action-{plan_page.slug(f['risk'])}",
        lambda v, f, seq: decisions.update_action(
            request.user, v, f["risk"], f["status"], f["notes"], seq, f["target_date"]
        ),
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan lead's answer to an action."""
    return _decision(
        request,
        pk,
        access.can_answer_actions,
        ("risk", "response"),
        lambda f: f"action-{plan_page.slug(f['risk'])}",
        lambda v, f, seq: decisions.respond_to_action(
            request.user, v, f["risk"], f["response"], seq
        ),
    )


@login_required
@require_GET
def compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """Two versions of one submission compared by the core (values, sections, findings)."""
    old, new = access.version_pair(request.user, pk, other)
    comparison = compare_versions(old, new)
    for change in comparison.changes:  # amounts in pounds shown as the plan page shows them
        if change.pounds:
            change.old, change.new = (
                plan_page.shown(v) if isinstance(v, int) else v for v in (change.old, change.new)
            )
    return render(
        request,
        "web/compare.html",
        {"old": old, "new": new, "area": new.submission.area, "comparison": comparison},
    )


@login_required
@require_GET
def board_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The board paper of a read version as it stands (corrections and decisions applied):
    the same A4 PDF as `bettercare report --pdf`, from the stored JSON alone."""
    from bettercare.report.board_paper import board_paper_html, board_paper_pdf

    found = access.version_for(request.user, pk)
    if found.status != Status.DONE:
        raise Http404("this version has not been read")
    pdf = board_paper_pdf(board_paper_html(assured(found)))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"board-paper-{found.submission.area.ons_code}-v{found.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def national_query(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET.get(key, "").strip() for key in ("region", "round", "category")}


def national_areas(user: Any) -> set[str] | None:
    """The areas whose absence a person is told of: every one for national viewers and
    admins, else their own."""
    if access.role_of(user) in ("national", "admin"):
        return None
    return set(access.areas_seen(user).values_list("ons_code", flat=True))


@login_required
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    """The national roll-up (the core's) of the latest version of each submission a person
    may see, filtered by region, round and category."""
    page = national_page(
        access.visible_versions(request.user), national_query(request), national_areas(request.user)
    )
    return render(request, "web/national.html", {"page": page, "rollup": page.rollup})


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.version_for(request.user, pk)
    entries = AuditEntry.objects.filter(version=found).order_by("-when", "-pk")
    return render(request, "web/history.html", {"version": found, "entries": entries})


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {"title": "Page not found", "message": "There is no such page, or you may not see it."},
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "title": "Sorry, there is a problem",
            "message": "Something went wrong on our side. Nothing you saved was lost; try again.",
        },
        status=500,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "title": "The request could not be understood",
            "message": str(exception)
            if isinstance(exception, BadRequest)
            else "Reload the page and try again.",
        },
        status=400,
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "web/error.html",
        {
            "title": "Not allowed",
            "message": "You may not do this. If you were filling in a form, reload the page "
            "and try again.",
        },
        status=403,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return forbidden(request)
