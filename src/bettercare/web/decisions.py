"""Recording people's decisions on a version: each a new row beside what was extracted,
audited, then the plan re-assessed — all in one transaction, or nothing.

Optimistic concurrency: a form carries the `seq` of the latest decision it showed for its
target (0 for none). When another person has saved since, the save is refused with a
`StaleEdit` naming their change; the unique (target, seq) constraint refuses it too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, get_args

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from bettercare.web import audit
from bettercare.web.assurance import CorrectionRefused, reassess, try_correction, value_at
from bettercare.web.models import (
    ActionUpdate,
    CategoryDecision,
    Correction,
    FindingReview,
    ReviewKind,
    Status,
    Version,
)


class DecisionRefused(Exception):
    """A decision that cannot be recorded as given; one line for the person."""


class StaleEdit(DecisionRefused):
    """Someone else saved a decision on the same target since the form was shown."""

    def __init__(self, latest: Any, current: int) -> None:
        self.latest = latest
        self.current = current
        who = latest.by.get_username() if latest is not None and latest.by else "someone"
        when = timezone.localtime(latest.at).strftime("%d %b %Y %H:%M") if latest else ""
        super().__init__(
            f"Not saved: {who} changed this at {when} — {describe(latest)} "
            f"(reason: {latest.reason if latest else ''}). Your entry is kept below: "
            "check their change, then save again."
        )


def describe(row: Any) -> str:
    """One line saying what a decision row decided."""
    if isinstance(row, Correction):
        return f"set {row.pointer} to {row.value!r}"
    if isinstance(row, FindingReview):
        if row.kind == "regrade":
            return f"re-graded {row.finding} to {row.severity}"
        return f"{row.get_kind_display().lower()} {row.finding}"
    if isinstance(row, CategoryDecision):
        return f"set the category to {row.category}"
    if isinstance(row, ActionUpdate):
        date = f" by {row.target_date}" if row.target_date else ""
        text = f"updated action {row.risk}: {row.status or ''}{date} {row.discussion_notes}"
        if row.response:
            text += f" (plan lead's answer: {row.response})"
        return " ".join(text.split())
    return "a change"


def _decide(
    user: Any,
    version: Version,
    rows: Callable[[Version], models.QuerySet[Any]],
    seen: int,
    reason: str,
    make: Callable[[Version, Any], dict[str, Any]],
    what: str,
    target: str,
) -> Any:
    reason = " ".join((reason or "").split())
    if not reason:
        raise DecisionRefused("Give a reason for the change.")
    if "\x00" in reason + target:
        raise DecisionRefused("The text holds a NUL character, which cannot be kept.")
    try:
        with transaction.atomic():
            locked = Version.objects.select_for_update().get(pk=version.pk)
            if locked.status != Status.DONE or locked.plan is None:
                raise DecisionRefused("This version has not been read yet.")
            latest = rows(locked).order_by("-seq").first()
            current = latest.seq if latest is not None else 0
            if seen != current:
                raise StaleEdit(latest, current)
            fields = make(locked, latest)
            before = fields.pop("_before", None)
            model = rows(locked).model
            row = model.objects.create(
                version=locked, seq=current + 1, reason=reason, by=user, **fields
            )
            audit.record(
                user,
                what,
                target,
                version=locked,
                before=before,
                after={**_shown(fields), "reason": reason},
            )
            reassess(locked)
    except IntegrityError as error:  # the same seq saved at the same moment by another
        latest = rows(version).order_by("-seq").first()
        raise StaleEdit(latest, latest.seq if latest else 0) from error
    version.refresh_from_db()
    return row


def _shown(fields: dict[str, Any]) -> dict[str, Any]:
    """The fields as the audit keeps them (JSON: dates as ISO text)."""
    return {
        k: v.isoformat() if isinstance(v, dt.date) else v
        for k, v in fields.items()
        if k != "extracted"
    }


def correct(
    user: Any, version: Version, pointer: str, text: str, reason: str, seen: int
) -> Correction:
    """Record a field's corrected value (the extracted value stays in the plan)."""

    def make(locked: Version, latest: Any) -> dict[str, Any]:
        if "\x00" in text:
            raise DecisionRefused("The value holds a NUL character, which cannot be kept.")
        try:
            value = try_correction(locked, pointer, text)
        except CorrectionRefused as error:
            raise DecisionRefused(str(error)) from None
        extracted = value_at(locked.plan, pointer)
        before = latest.value if latest is not None else extracted
        return {"pointer": pointer, "extracted": extracted, "value": value, "_before": before}

    return _decide(
        user,
        version,
        lambda v: v.corrections.filter(pointer=pointer),
        seen,
        reason,
        make,
        "correct",
        pointer,
    )


def _findings(version: Version) -> set[str]:
    return {str(f["id"]) for f in (version.assessment or {}).get("findings", [])}


def review_finding(
    user: Any, version: Version, finding: str, kind: str, severity: str, reason: str, seen: int
) -> FindingReview:
    """Dismiss, re-grade or restore one finding."""
    from bettercare.model import Severity

    def make(locked: Version, latest: Any) -> dict[str, Any]:
        if finding not in _findings(locked):
            raise DecisionRefused(f"No finding {finding!r} in this plan.")
        if kind not in ReviewKind.values or kind == "add":
            raise DecisionRefused("Choose dismiss, re-grade or restore.")
        if kind == "regrade" and severity not in get_args(Severity):
            raise DecisionRefused(f"Choose a severity: {', '.join(get_args(Severity))}.")
        before = describe(latest) if latest is not None else "as found"
        return {
            "finding": finding,
            "kind": kind,
            "severity": severity if kind == "regrade" else "",
            "_before": before,
        }

    return _decide(
        user,
        version,
        lambda v: v.reviews.filter(finding=finding),
        seen,
        reason,
        make,
        "review finding",
        finding,
    )


def add_finding(
    user: Any, version: Version, code: str, severity: str, line: str, reason: str
) -> FindingReview:
    """Add a finding the checks did not raise: a code of the framework's catalogue, with the
    reason as its message and a line of the plan as its evidence (optional)."""
    from bettercare.frameworks import load_framework
    from bettercare.model import Severity

    number = version.reviews.filter(kind="add").values("finding").distinct().count() + 1
    finding = f"added:{code}:{number}"

    def make(locked: Version, latest: Any) -> dict[str, Any]:
        framework = load_framework((locked.plan or {})["framework"])
        if code not in {check.code for check in framework.checks}:
            raise DecisionRefused("Choose a kind of finding from the list.")
        if severity and severity not in get_args(Severity):
            raise DecisionRefused(f"Choose a severity: {', '.join(get_args(Severity))}.")
        at = None
        if line.strip():
            numbers = {int(item["number"]) for item in (locked.plan or {}).get("text", [])}
            if not line.strip().isdigit() or int(line) not in numbers:
                raise DecisionRefused(f"Line {line.strip()!r} is not a line of this plan.")
            at = int(line)
        return {
            "finding": finding,
            "kind": "add",
            "severity": severity,
            "code": code,
            "line": at,
            "_before": None,
        }

    return _decide(
        user,
        version,
        lambda v: v.reviews.filter(finding=finding),
        0,
        reason,
        make,
        "add finding",
        finding,
    )


def set_category(
    user: Any, version: Version, category: str, reason: str, seen: int
) -> CategoryDecision:
    """Set the category in place of the rules' one."""
    from bettercare.model import CategoryName

    def make(locked: Version, latest: Any) -> dict[str, Any]:
        if category not in get_args(CategoryName):
            raise DecisionRefused(f"Choose a category: {', '.join(get_args(CategoryName))}.")
        return {"category": category, "_before": locked.category}

    return _decide(
        user, version, lambda v: v.categories.all(), seen, reason, make, "set category", "category"
    )


def _target_date(text: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DecisionRefused(f"Target date {text!r}: give a date as YYYY-MM-DD.") from None


def _action_make(
    risk: str, changes: Callable[[Version, Any], dict[str, Any]]
) -> Callable[[Version, Any], dict[str, Any]]:
    """An action row's new state: the latest row's, with the changes made."""

    def make(locked: Version, latest: Any) -> dict[str, Any]:
        actions = {str(a["risk"]) for a in (locked.assessment or {}).get("actions", [])}
        if risk not in actions:
            raise DecisionRefused(f"No action for risk {risk!r} in this plan.")
        state: dict[str, Any] = {
            "status": latest.status if latest is not None else "",
            "target_date": latest.target_date if latest is not None else None,
            "discussion_notes": latest.discussion_notes if latest is not None else "",
            "response": latest.response if latest is not None else "",
        }
        state.update(changes(locked, latest))
        before = describe(latest) if latest is not None else None
        return {"risk": risk, **state, "_before": before}

    return make


def update_action(
    user: Any,
    version: Version,
    risk: str,
    status: str,
    notes: str,
    seen: int,
    target_date: str = "",
) -> ActionUpdate:
    """Record progress on an action-plan row: its status, target date and evidence notes (the
    notes are the reason). A status or date left empty stays as it was."""
    from bettercare.frameworks import load_framework

    def changes(locked: Version, latest: Any) -> dict[str, Any]:
        statuses = load_framework((locked.plan or {})["framework"]).assurance.statuses
        if status and status not in statuses:
            raise DecisionRefused(f"Status must be one of: {'; '.join(statuses)}.")
        change: dict[str, Any] = {"discussion_notes": " ".join(notes.split())}
        if status:
            change["status"] = status
        date = _target_date(target_date)
        if date is not None:
            change["target_date"] = date
        return change

    return _decide(
        user,
        version,
        lambda v: v.action_updates.filter(risk=risk),
        seen,
        notes,
        _action_make(risk, changes),
        "update action",
        risk,
    )


def respond_to_action(
    user: Any, version: Version, risk: str, response: str, seen: int
) -> ActionUpdate:
    """Record the plan lead's answer to an action (the answer is the reason); the action's
    status, date and notes stay as they were."""
    return _decide(
        user,
        version,
        lambda v: v.action_updates.filter(risk=risk),
        seen,
        response,
        _action_make(risk, lambda locked, latest: {"response": " ".join(response.split())}),
        "answer action",
        risk,
    )


def latest_seq(rows: models.QuerySet[Any]) -> int:
    latest = rows.order_by("-seq").first()
    return int(latest.seq) if latest is not None else 0
