"""The one place the workspace calls the core: read and assess an upload, and re-assess a
stored plan with the decisions people recorded (corrections applied to a copy of the extracted
plan; finding reviews, the category and action updates as the core's overrides and updates).
No rule of assurance is decided here."""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from bettercare.errors import InputError, unexpected
from bettercare.web import audit
from bettercare.web.models import Status, Version
from bettercare.web.storage import stored_path

log = logging.getLogger(__name__)


class CorrectionRefused(Exception):
    """A corrected value the plan cannot hold; the message is one line."""


# --- JSON Pointers (RFC 6901) --------------------------------------------------------------


def _steps(pointer: str) -> list[str]:
    if not pointer.startswith("/"):
        raise CorrectionRefused(f"{pointer!r} is not a field of the plan")
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def _child(node: Any, step: str) -> Any:
    if isinstance(node, list):
        return node[int(step)]
    return node[step]


def value_at(data: Any, pointer: str) -> Any:
    """The value at a pointer, or None where the plan has none."""
    node = data
    try:
        for step in _steps(pointer):
            node = _child(node, step)
    except (KeyError, IndexError, ValueError, TypeError):
        return None
    return node


def _set(data: Any, pointer: str, value: Any) -> None:
    steps = _steps(pointer)
    node = data
    try:
        for step in steps[:-1]:
            node = _child(node, step)
        if isinstance(node, list):
            node[int(steps[-1])] = value
        elif isinstance(node, dict):
            node[steps[-1]] = value
        else:
            raise TypeError
    except (KeyError, IndexError, ValueError, TypeError):
        raise CorrectionRefused(f"{pointer} is not a field this plan has") from None


# --- corrections ---------------------------------------------------------------------------


def candidate_values(text: str, extracted: Any) -> list[Any]:
    """What a typed correction may mean, most literal first: a list where the field is a
    list (one item a line or between semicolons), else the text, then the text without £ and
    thousands commas (for an amount). Empty text means no value."""
    text = text.strip()
    if not text:
        return [[] if isinstance(extracted, list) else None]
    if isinstance(extracted, list):
        items = [item.strip() for item in text.replace(";", "\n").splitlines()]
        return [[item for item in items if item]]
    plain = text.replace("£", "").replace(",", "").strip()
    return [text, plain] if plain != text else [text]


def corrected_plan(plan: dict[str, Any], corrections: dict[str, Any]) -> Any:
    """The extracted plan (left untouched) with corrected values put in a copy, each corrected
    field then marked as read and confirmed. Raises `CorrectionRefused`."""
    from pydantic import ValidationError

    from bettercare.model import Plan

    data = copy.deepcopy(plan)
    for pointer, value in corrections.items():
        _set(data, pointer, value)
        if pointer in data.get("fields", {}):
            data["fields"][pointer] = {
                "state": "blank" if value in (None, [], "") else "found",
                "how": None,
                "reason": "corrected by an assurer",
                "needs_review": False,
            }
    try:
        return Plan.model_validate(data)
    except ValidationError as error:
        detail = error.errors()[0]
        where = "/" + "/".join(str(part) for part in detail["loc"])
        raise CorrectionRefused(f"not a valid value for {where}: {detail['msg']}") from None


def try_correction(version: Version, pointer: str, text: str) -> Any:
    """The JSON value a typed correction stands for, checked against the plan (with the
    other corrections); raises `CorrectionRefused` with the reason."""
    assert version.plan is not None
    if pointer not in version.plan.get("fields", {}) and value_at(version.plan, pointer) is None:
        raise CorrectionRefused(f"{pointer} is not a field this plan has")
    extracted = value_at(version.plan, pointer)
    others = standing_corrections(version)
    problem = CorrectionRefused(f"{pointer}: no value given")
    for value in candidate_values(text, extracted):
        try:
            plan = corrected_plan(version.plan, {**others, pointer: value})
        except CorrectionRefused as error:
            problem = error
            continue
        return value_at(plan.model_dump(mode="json"), pointer)  # as the plan holds it
    raise problem


# --- the decisions that stand --------------------------------------------------------------


def _latest(rows: Any, key: str) -> dict[str, Any]:
    standing: dict[str, Any] = {}
    for row in rows.order_by("pk"):
        standing[getattr(row, key)] = row
    return standing


def standing_corrections(version: Version) -> dict[str, Any]:
    return {p: row.value for p, row in _latest(version.corrections.all(), "pointer").items()}


@dataclass(frozen=True)
class Decisions:
    corrections: dict[str, Any]
    overrides: list[Any]
    updates: list[Any]
    reviewers: list[str]


def _decisions(version: Version, finding_ids: set[str]) -> Decisions:
    from bettercare.model import ActionUpdate, Override

    overrides: list[Override] = []
    names: list[str] = []
    for finding, review in _latest(version.reviews.all(), "finding").items():
        if finding not in finding_ids or review.kind in ("restore", "add"):
            continue  # a review of a finding a correction has since closed no longer applies
        overrides.append(
            Override(
                target=finding,
                dismiss=review.kind == "dismiss",
                severity=review.severity or None,
                reason=review.reason,
            )
        )
        names.append(_name(review.by))
    category = version.categories.order_by("pk").last()
    if category is not None:
        overrides.append(
            Override(target="category", category=category.category, reason=category.reason)
        )
        names.append(_name(category.by))
    updates = [
        ActionUpdate(
            risk=risk,
            status=row.status or None,
            discussion_notes=row.discussion_notes or None,
            target_date=row.target_date,
            response=row.response or None,
        )
        for risk, row in _latest(version.action_updates.all(), "risk").items()
    ]
    return Decisions(standing_corrections(version), overrides, updates, names)


def added_findings(version: Version, plan: Any, framework: Any) -> list[Any]:
    """The findings assurers added, as the core's findings: the catalogue entry of the code
    chosen (title, risk, conditions, action, owner), the reason as the message, the chosen
    line quoted as evidence. One restored since it was added is gone."""
    from bettercare.model import Evidence, Finding

    first_rows: dict[str, Any] = {}
    for row in version.reviews.filter(kind="add").order_by("pk"):
        first_rows.setdefault(row.finding, row)
    standing = _latest(version.reviews.filter(finding__in=list(first_rows)), "finding")
    lines = {line.number: line for line in plan.text}
    added = []
    for finding, row in first_rows.items():
        if standing[finding].kind == "restore":
            continue
        entry = framework.check(row.code)
        quoted = lines.get(row.line) if row.line else None
        evidence = (
            [Evidence(line=quoted.number, page=quoted.page, text=quoted.text)] if quoted else []
        )
        added.append(
            Finding(
                id=finding,
                code=row.code,
                subject=finding.rsplit(":", 1)[-1],
                title=entry.title,
                severity=row.severity or entry.severity,
                risk=entry.risk,
                conditions=list(entry.conditions),
                message=row.reason,
                action=entry.action,
                owner=entry.owner,
                evidence=evidence,
            )
        )
    return added


def _name(user: Any) -> str:
    return user.get_username() if user is not None else "system"


def reassess(version: Version) -> dict[str, Any]:
    """Check and assess the version's plan again from its stored JSON with every decision
    that stands; stores and returns the assessment JSON (call inside a transaction)."""
    from bettercare.assess import assess
    from bettercare.check import check_plan
    from bettercare.frameworks import load_framework

    assert version.plan is not None
    corrections = standing_corrections(version)
    plan = corrected_plan(version.plan, corrections)
    framework = load_framework(plan.framework)
    report = check_plan(plan, framework, version.original_name)
    report = report.model_copy(
        update={"findings": [*report.findings, *added_findings(version, plan, framework)]}
    )
    decisions = _decisions(version, {f.id for f in report.findings})
    risks = {f.risk for f in report.findings if not f.dismissed}
    updates = [u for u in decisions.updates if u.risk in risks]
    reviewer = ", ".join(dict.fromkeys(decisions.reviewers)) or None
    assessment = assess(
        report, framework, version.assessed_on, decisions.overrides, reviewer, updates
    )
    _store(version, assessment.model_dump(mode="json"))
    return version.assessment or {}


def _store(version: Version, assessment: dict[str, Any]) -> None:
    version.assessment = assessment
    version.category = str(assessment.get("category", ""))
    codes = [str(risk["code"]) for risk in assessment.get("risks", [])]
    version.risk_codes = f",{','.join(codes)}," if codes else ""
    version.row_version += 1
    version.save(update_fields=["assessment", "category", "risk_codes", "row_version"])


# --- reading an upload (the worker's task) -------------------------------------------------


def read_version(version_id: int) -> str:
    """Read, check and assess a queued upload with the core; store its plan and assessment
    together with its status (done, or failed with a one-line error). Returns the status."""
    from bettercare.assess import assess
    from bettercare.check import check_file
    from bettercare.frameworks import load_framework

    with transaction.atomic():
        version = Version.objects.select_for_update().get(pk=version_id)
        if version.status not in (Status.QUEUED, Status.READING):
            return str(version.status)
        version.status = Status.READING
        version.save(update_fields=["status"])
    part2 = stored_path(version.part2_stored_name) if version.part2_stored_name else None
    try:
        plan, report = check_file(stored_path(version.stored_name), part2)
        report = report.model_copy(update={"file": version.original_name})
        assessment = assess(report, load_framework(plan.framework), version.assessed_on)
    except InputError as error:
        return _failed(version, error.reason)
    except Exception as error:  # a bug on one file: the version says so, the worker goes on
        log.exception("reading version %s failed", version_id)
        return _failed(version, unexpected(version.original_name, error).reason)
    with transaction.atomic():
        version.plan = plan.model_dump(mode="json")
        version.status = Status.DONE
        version.error = ""
        version.save(update_fields=["plan", "status", "error"])
        _store(version, assessment.model_dump(mode="json"))
        audit.record(
            None,
            "read",
            f"version {version.number}",
            version=version,
            after={"status": "done", "category": version.category},
        )
    return str(version.status)


def _failed(version: Version, reason: str) -> str:
    reason = " ".join(reason.split())[:500]
    with transaction.atomic():
        version.status = Status.FAILED
        version.error = reason
        version.save(update_fields=["status", "error"])
        audit.record(
            None,
            "read",
            f"version {version.number}",
            version=version,
            after={"status": "failed", "error": reason},
        )
    return str(version.status)


# --- a stored version as the core's `Assured` ----------------------------------------------


def assured(version: Version) -> Any:
    """The version as the core's `Assured`, from its stored JSON alone (no file is read): the
    plan with the corrections that stand and the assessment that stands (the assurer's view).
    For `compare` and the national roll-up."""
    from bettercare.national.sources import assured_from_json

    assert version.plan is not None and version.assessment is not None
    return assured_from_json(
        stored_plan(version), version.assessment, f"{version.original_name} (v{version.number})"
    )


def stored_plan(version: Version) -> Any:
    """The plan JSON as it stands: as extracted, or a `Plan` with the corrections applied."""
    corrections = standing_corrections(version)
    return corrected_plan(version.plan or {}, corrections) if corrections else version.plan


def compare_versions(old: Version, new: Version) -> Any:
    """The core's comparison of two stored versions (values changed with both sources,
    sections, findings opened and closed), each as its assessment stands."""
    from bettercare.compare import compare

    return compare(assured(old), assured(new))
