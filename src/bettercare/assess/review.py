"""An assurer's review file (YAML): dismiss or re-grade findings, or set the category,
each with a reason. Example:

    reviewer: A. Assurer, North West regional team
    findings:
      - id: scheme-no-investment:G      # a finding id, or a code for all its findings
        dismiss: true
        reason: Investment for G is in Part 2, tab 3 (£310,000).
      - id: metric-worsening-unexplained:DTOC
        severity: Further risk
        reason: Rising rate agreed with the area team as demographic growth.
    category:
      name: Approved with support
      reason: Remaining risks are clarifications, agreed at moderation.
    actions:                            # progress on action-plan rows, by risk code
      - risk: F3
        status: No longer a risk – if the following action is put in place
        discussion_notes: HWB to send Part 2, tab 3 by 31 October.
        target_date: 2014-10-31
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bettercare.errors import InputError
from bettercare.model import ActionUpdate, CategoryName, Finding, Override, Severity

_MAX_BYTES = 1_000_000


class _FindingDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    dismiss: bool = False
    severity: Severity | None = None
    reason: str = Field(min_length=1)


class _CategoryDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: CategoryName
    reason: str = Field(min_length=1)


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reviewer: str | None = None
    findings: list[_FindingDecision] = Field(default_factory=list)
    category: _CategoryDecision | None = None
    actions: list[ActionUpdate] = Field(default_factory=list)

    def overrides(self) -> list[Override]:
        result = [
            Override(target=d.id, dismiss=d.dismiss, severity=d.severity, reason=d.reason)
            for d in self.findings
        ]
        if self.category is not None:
            result.append(
                Override(
                    target="category", category=self.category.name, reason=self.category.reason
                )
            )
        return result


def _first_error(error: ValidationError) -> str:
    detail = error.errors()[0]
    where = ".".join(str(part) for part in detail["loc"]) or "file"
    return f"{where}: {detail['msg']}"


def load_review(
    path: str | Path, findings: list[Finding], statuses: list[str] | None = None
) -> Review:
    """Read and validate a review file against the findings it decides on."""
    path = Path(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise InputError(str(path), "review file is larger than 1 MB")
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise InputError(str(path), error.strerror or "cannot be read") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"not valid YAML ({type(error).__name__})") from error
    try:
        review = Review.model_validate(data)
    except ValidationError as error:
        raise InputError(str(path), f"invalid review: {_first_error(error)}") from error
    known = {f.id for f in findings} | {f.code for f in findings}
    for decision in review.findings:
        if decision.id not in known:
            raise InputError(str(path), f"no finding {decision.id!r} in this plan")
        if not decision.dismiss and decision.severity is None:
            raise InputError(str(path), f"{decision.id}: say dismiss: true or a new severity")
    risks = {f.risk for f in findings}
    for update in review.actions:
        if update.risk not in risks:
            raise InputError(str(path), f"no action for risk {update.risk!r} in this plan")
        if statuses and update.status is not None and update.status not in statuses:
            raise InputError(
                str(path), f"{update.risk}: status must be one of: {'; '.join(statuses)}"
            )
    return review
