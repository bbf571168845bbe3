"""What every check shares: the plan (its values, read states and own text) and the framework.

Checks read nothing but the plan, so a saved plan JSON is checked exactly as its document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bettercare.frameworks import Framework, compiled
from bettercare.model import ChecklistEntry, Evidence, Finding, Plan, PlanLine

_QUOTE_LIMIT = 300


@dataclass
class CheckContext:
    plan: Plan
    framework: Framework
    findings: list[Finding] = field(default_factory=list)
    checklist: list[ChecklistEntry] = field(default_factory=list)
    codes: frozenset[str] | None = None  # the codes the running family may raise (None: any)
    _lines: dict[int, PlanLine] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._lines = {line.number: line for line in self.plan.text}

    # ------------------------------------------------------------- reading the plan
    def pattern(self, name: str) -> re.Pattern[str]:
        return compiled(self.framework.assurance.patterns[name])

    def line(self, number: int) -> PlanLine | None:
        return self._lines.get(number)

    def plan_lines(self) -> Iterator[PlanLine]:
        """The plan's own lines (not the rest of a board pack), page furniture left out."""
        start = self.plan.start_line or 1
        end = self.plan.end_line or (self.plan.text[-1].number if self.plan.text else 0)
        for line in self.plan.text:
            if start <= line.number <= end:
                yield line

    def value_lines(self, pointer: str) -> list[PlanLine]:
        """The lines a value was read from (a narrative spans several)."""
        source = self.plan.sources.get(pointer)
        if source is None:
            return []
        last = source.end_line or source.line
        found = (self.line(number) for number in range(source.line, last + 1))
        return [line for line in found if line is not None]

    def section_of(self, number: int) -> str | None:
        """The template section a line falls in."""
        current = None
        for section in self.plan.sections:
            if section.line <= number:
                current = section.id
        return current

    def doubtful(self, pointer: str) -> bool:
        """A value (or any part of it) marked for review or unreadable."""
        prefix = pointer.rstrip("/") + "/"
        return any(
            read.needs_review or read.state == "unreadable"
            for where, read in self.plan.fields.items()
            if where == pointer or where.startswith(prefix)
        )

    # ------------------------------------------------------------ raising findings
    def evidence(self, *lines: PlanLine | int | None) -> list[Evidence]:
        quoted: list[Evidence] = []
        seen: set[int] = set()
        for item in lines:
            line = self.line(item) if isinstance(item, int) else item
            if line is None or line.number in seen:
                continue
            seen.add(line.number)
            quoted.append(
                Evidence(line=line.number, page=line.page, text=line.raw.strip()[:_QUOTE_LIMIT])
            )
        return quoted[: int(self.framework.assurance.number("max_evidence"))]

    def joined(self, *parts: list[Evidence]) -> list[Evidence]:
        """Evidence from several places (lines and workbook cells), at most `max_evidence`."""
        quoted = [item for part in parts for item in part]
        return quoted[: int(self.framework.assurance.number("max_evidence"))]

    def source_evidence(self, *pointers: str) -> list[Evidence]:
        return self.evidence(*(self._source_line(p) for p in pointers))

    def _source_line(self, pointer: str) -> int | None:
        source = self.plan.sources.get(pointer)
        return source.line if source else None

    def raise_finding(
        self,
        code: str,
        subject: str | None = None,
        evidence: list[Evidence] | None = None,
        risk: str | None = None,
        section: str | None = None,
        rests_on: Iterable[str] = (),
        **details: Any,
    ) -> Finding:
        """Record a finding of a catalogue code; `details` fill its message and action.

        `rests_on` names the plan values the finding depends on: if one of them was read
        with low confidence the finding says so, and a showstopper is held one grade lower
        until a person confirms the value (the framework's `doubtful_showstopper`).
        """
        if self.codes is not None and code not in self.codes:
            raise ValueError(f"a check raised {code!r}, which its family does not declare")
        check = self.framework.check(code)
        evidence = evidence or []
        if section is None and evidence:
            section = self.section_of(evidence[0].line)
        rests = list(dict.fromkeys(rests_on))
        doubts = [p for p in rests if self.doubtful(p)]
        severity = check.severity
        message = check.message.format(**details)
        if doubts:
            message += f" This rests on a value read with low confidence ({', '.join(doubts)})."
            if severity == self.framework.assurance.severities[0]:  # the worst
                severity = self.framework.assurance.doubtful_showstopper
        finding = Finding(
            id=f"{code}:{subject}" if subject else code,
            code=code,
            subject=subject,
            title=check.title,
            severity=severity,
            risk=risk or check.risk,
            conditions=list(check.conditions),
            message=message,
            section=section,
            action=check.action.format(**details),
            owner=check.owner,
            evidence=evidence,
            rests_on=rests,
            confidence="low" if doubts else "high",
            doubts=doubts,
        )
        self.findings.append(finding)
        return finding
